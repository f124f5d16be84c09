package dev.panagrad.nn.modules;

import static dev.panagrad.nn.modules.ModuleSpec.module;

import dev.panagrad.nn.AdaptiveAvgPool2d;
import dev.panagrad.nn.AvgPool2d;
import dev.panagrad.nn.Conv1d;
import dev.panagrad.nn.Conv2d;
import dev.panagrad.nn.ConvTranspose2d;
import dev.panagrad.nn.MaxPool2d;
import dev.panagrad.nn.Upsample;
import java.util.List;

/**
 * Rows for the CNN layers: convolutions (stride, padding incl. "same" with even kernels, dilation,
 * groups, padding modes), transposed convolution (output padding), pooling and nearest upsampling.
 * Inputs are small (full-Jacobian gradchecks), with batch 1, odd sizes and unbatched inputs where a
 * single channel or channel-wise layer keeps the batch-independence check meaningful.
 */
final class ConvSpecs {
    private ConvSpecs() {}

    static final List<ModuleSpec> ROWS = List.of(
            module("Conv1d", rng -> new Conv1d(2, 3, 3, rng))
                    .state("weight", 3, 2, 3).state("bias", 3)
                    .inputShapes(new int[] {2, 2, 7}, new int[] {1, 2, 5})
                    .invalidShapes(new int[] {1, 3, 7}, new int[] {7}, new int[] {1, 2, 2}).build(),
            module("Conv1d.strideDilationGroups", rng -> new Conv1d(4, 2, 2,
                    Conv1d.options().stride(2).dilation(2).groups(2), rng))
                    .state("weight", 2, 2, 2).state("bias", 2)
                    .inputShapes(new int[] {1, 4, 9}, new int[] {2, 4, 6})
                    .invalidShapes(new int[] {1, 2, 9}).build(),
            module("Conv1d.sameEvenKernel", rng -> new Conv1d(1, 2, 4, Conv1d.options().padding("same").bias(false), rng))
                    .state("weight", 2, 1, 4)
                    .inputShapes(new int[] {1, 1, 6}, new int[] {1, 5})
                    .invalidShapes(new int[] {1, 2, 6}).build(),
            module("Conv2d", rng -> new Conv2d(2, 3, 3, rng))
                    .state("weight", 3, 2, 3, 3).state("bias", 3)
                    .inputShapes(new int[] {1, 2, 5, 5}, new int[] {2, 2, 4, 6})
                    .invalidShapes(new int[] {1, 3, 5, 5}, new int[] {5, 5}, new int[] {1, 2, 2, 2}).build(),
            module("Conv2d.stride2.pad1.noBias", rng -> new Conv2d(2, 2, 3,
                    Conv2d.options().stride(2).padding(1).bias(false), rng))
                    .state("weight", 2, 2, 3, 3)
                    .inputShapes(new int[] {1, 2, 5, 5}, new int[] {2, 2, 6, 3})
                    .invalidShapes(new int[] {1, 1, 5, 5}).build(),
            module("Conv2d.groups", rng -> new Conv2d(4, 6, 2, Conv2d.options().groups(2), rng))
                    .state("weight", 6, 2, 2, 2).state("bias", 6)
                    .inputShapes(new int[] {1, 4, 3, 4}, new int[] {2, 4, 3, 3})
                    .invalidShapes(new int[] {1, 2, 3, 4}).build(),
            module("Conv2d.dilation", rng -> new Conv2d(1, 2, 3, Conv2d.options().dilation(2), rng))
                    .state("weight", 2, 1, 3, 3).state("bias", 2)
                    .inputShapes(new int[] {1, 1, 6, 7}, new int[] {1, 5, 5})
                    .invalidShapes(new int[] {1, 1, 4, 7}).build(),
            module("Conv2d.sameEvenKernel", rng -> new Conv2d(2, 2, new int[] {2, 4},
                    Conv2d.options().padding("same"), rng))
                    .state("weight", 2, 2, 2, 4).state("bias", 2)
                    .inputShapes(new int[] {1, 2, 4, 5}, new int[] {2, 2, 3, 3}).build(),
            module("Conv2d.sameDilatedRectKernel", rng -> new Conv2d(1, 1, new int[] {3, 2},
                    Conv2d.options().padding("same").dilation(2, 3), rng))
                    .state("weight", 1, 1, 3, 2).state("bias", 1)
                    .inputShapes(new int[] {1, 1, 5, 6}).build(),
            module("Conv2d.reflect", rng -> new Conv2d(2, 2, 3, Conv2d.options().padding(1).paddingMode("reflect"), rng))
                    .state("weight", 2, 2, 3, 3).state("bias", 2)
                    .inputShapes(new int[] {1, 2, 4, 5}).build(),
            module("Conv2d.circularSame", rng -> new Conv2d(1, 2, 2, Conv2d.options().padding("same").paddingMode("circular"), rng))
                    .state("weight", 2, 1, 2, 2).state("bias", 2)
                    .inputShapes(new int[] {1, 1, 3, 4}).build(),
            module("Conv2d.replicateStride", rng -> new Conv2d(1, 1, 3,
                    Conv2d.options().stride(2, 1).padding(2, 1).paddingMode("replicate"), rng))
                    .state("weight", 1, 1, 3, 3).state("bias", 1)
                    .inputShapes(new int[] {1, 1, 5, 4}).build(),
            module("ConvTranspose2d", rng -> new ConvTranspose2d(2, 3, 3, rng))
                    .state("weight", 2, 3, 3, 3).state("bias", 3)
                    .inputShapes(new int[] {1, 2, 3, 3}, new int[] {2, 2, 2, 3})
                    .invalidShapes(new int[] {1, 3, 3, 3}, new int[] {2, 3}).build(),
            module("ConvTranspose2d.strideOutputPadding", rng -> new ConvTranspose2d(2, 2, 3,
                    ConvTranspose2d.options().stride(2).padding(1).outputPadding(1), rng))
                    .state("weight", 2, 2, 3, 3).state("bias", 2)
                    .inputShapes(new int[] {1, 2, 3, 3}, new int[] {1, 2, 2, 3}).build(),
            module("ConvTranspose2d.groupsDilationNoBias", rng -> new ConvTranspose2d(4, 2, 2,
                    ConvTranspose2d.options().groups(2).dilation(2).bias(false), rng))
                    .state("weight", 4, 1, 2, 2)
                    .inputShapes(new int[] {1, 4, 3, 3})
                    .invalidShapes(new int[] {1, 2, 3, 3}).build(),
            module("MaxPool2d", rng -> new MaxPool2d(2))
                    .inputShapes(new int[] {1, 2, 4, 4}, new int[] {2, 3, 5, 5}, new int[] {3, 4, 4})
                    .invalidShapes(new int[] {4, 4}, new int[] {1, 1, 1, 1}).build(),
            module("MaxPool2d.strideCeilPadding", rng -> new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1).ceilMode(true)))
                    .inputShapes(new int[] {1, 2, 6, 7}).build(),
            module("MaxPool2d.dilation", rng -> new MaxPool2d(2, 2, MaxPool2d.options().stride(1).dilation(2)))
                    .inputShapes(new int[] {1, 1, 6, 5}).build(),
            module("AvgPool2d", rng -> new AvgPool2d(2))
                    .inputShapes(new int[] {1, 2, 4, 4}, new int[] {2, 1, 5, 5}, new int[] {2, 4, 4})
                    .invalidShapes(new int[] {4, 4}, new int[] {1, 1, 1, 3}).build(),
            module("AvgPool2d.ceilExcludePad", rng -> new AvgPool2d(3,
                    AvgPool2d.options().stride(2).padding(1).ceilMode(true).countIncludePad(false)))
                    .inputShapes(new int[] {1, 2, 6, 7}).build(),
            module("AvgPool2d.divisorOverride", rng -> new AvgPool2d(2, 3, AvgPool2d.options().divisorOverride(5)))
                    .inputShapes(new int[] {1, 1, 5, 7}).build(),
            module("AdaptiveAvgPool2d", rng -> new AdaptiveAvgPool2d(2))
                    .inputShapes(new int[] {1, 2, 5, 5}, new int[] {2, 1, 4, 7}, new int[] {2, 3, 3})
                    .invalidShapes(new int[] {5, 5}).build(),
            module("AdaptiveAvgPool2d.keepWidth", rng -> new AdaptiveAvgPool2d(3, null))
                    .inputShapes(new int[] {1, 2, 7, 4}).build(),
            module("Upsample", rng -> Upsample.withScaleFactor(2))
                    .inputShapes(new int[] {1, 2, 3, 3}, new int[] {2, 1, 2, 3})
                    .invalidShapes(new int[] {3, 3}).build(),
            module("Upsample.size", rng -> Upsample.withSize(5, 7))
                    .inputShapes(new int[] {1, 2, 3, 4}).build(),
            module("Upsample.1dFractional", rng -> Upsample.withScaleFactor(1.5))
                    .inputShapes(new int[] {1, 2, 5}).build());
}
