package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** toString prints tensors as PyTorch does, followed by the shape and dtype. */
class TensorFormatTest {

    @Test
    void matrixPrintsRowsOnAlignedLinesWithFourDecimals() {
        assertEquals("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=FLOAT32)",
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
    }

    @Test
    void scalarPrintsItsValueWithoutBrackets() {
        assertEquals("tensor(1.5000, shape=[], dtype=FLOAT64)", Tensor.scalar(1.5, DType.FLOAT64).toString());
    }

    @Test
    void integersPrintWithoutDecimalsRightAligned() {
        assertEquals("tensor([  1, -10, 100], shape=[3], dtype=INT32)", Tensor.of(new int[] {1, -10, 100}, 3).toString());
    }

    @Test
    void negativeValuesAlignWithPositiveOnes() {
        assertEquals("tensor([ 1.5000, -2.2500], shape=[2], dtype=FLOAT32)",
                Tensor.of(new float[] {1.5f, -2.25f}, 2).toString());
    }

    @Test
    void nanAndInfinitiesPrintAsPyTorchDoesPaddedToTheCommonWidth() {
        assertEquals("tensor([1.5000,    nan,    inf,   -inf], shape=[4], dtype=FLOAT64)",
                Tensor.of(new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 4).toString());
    }

    @Test
    void valuesSpanningMoreThanAThousandfoldUseScientificNotation() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00], shape=[2], dtype=FLOAT64)",
                Tensor.of(new double[] {1e-5, 1}, 2).toString());
        assertEquals("tensor([-1.2346e+09,  2.0000e+00], shape=[2], dtype=FLOAT64)",
                Tensor.of(new double[] {-1234567890, 2}, 2).toString());
    }

    @Test
    void roundingIsHalfEvenOnTheExactBinaryValueAsPython() {
        // 2.00025 is stored as 2.00024999…, 0.30005 as 0.30004999…: Python prints 2.0002 and 0.3000.
        assertEquals("tensor([2.0002, 0.3000], shape=[2], dtype=FLOAT64)", Tensor.of(new double[] {2.00025, 0.30005}, 2).toString());
    }

    @Test
    void negativeZeroKeepsItsSignButLikeAllZerosDoesNotWidenTheColumn() {
        assertEquals("tensor([-0.0000, 1.0000], shape=[2], dtype=FLOAT64)", Tensor.of(new double[] {-0.0, 1}, 2).toString());
    }

    @Test
    void threeDimensionalTensorsSeparateMatricesWithABlankLine() {
        assertEquals("""
                tensor([[[0, 1],
                         [2, 3]],

                        [[4, 5],
                         [6, 7]]], shape=[2, 2, 2], dtype=INT32)""",
                Tensor.arange(0, 8, 1, DType.INT32).reshape(2, 2, 2).toString());
    }

    @Test
    void emptyTensorsPrintEmptyBrackets() {
        assertEquals("tensor([], shape=[2, 0], dtype=FLOAT32)", Tensor.zeros(2, 0).toString());
    }

    @Test
    void moreThanAThousandElementsAreElidedToThreeAtEachEnd() {
        assertEquals("tensor([   0,    1,    2,  ..., 1997, 1998, 1999], shape=[2000], dtype=INT32)",
                Tensor.arange(0, 2000, 1, DType.INT32).toString());
    }

    @Test
    void elidedMatricesKeepThreeRowsAtEachEnd() {
        String s = Tensor.arange(0, 1600, 1, DType.INT32).reshape(40, 40).toString();
        assertEquals("""
                tensor([[   0,    1,    2,  ...,   37,   38,   39],
                        [  40,   41,   42,  ...,   77,   78,   79],
                        [  80,   81,   82,  ...,  117,  118,  119],
                        ...,
                        [1480, 1481, 1482,  ..., 1517, 1518, 1519],
                        [1520, 1521, 1522,  ..., 1557, 1558, 1559],
                        [1560, 1561, 1562,  ..., 1597, 1598, 1599]], shape=[40, 40], dtype=INT32)""", s);
    }

    @Test
    void exactlyAThousandElementsAreNotElided() {
        assertTrue(!Tensor.zeros(1000).toString().contains("..."));
    }

    @Test
    void longRowsWrapAtEightyColumns() {
        String s = Tensor.arange(30).toString();
        String[] lines = s.substring(0, s.indexOf(", shape=")).split("\n");
        assertEquals(4, lines.length);
        assertEquals("tensor([ 0.0000,  1.0000,  2.0000,  3.0000,  4.0000,  5.0000,  6.0000,  7.0000,", lines[0]);
        assertEquals("         8.0000,  9.0000, 10.0000, 11.0000, 12.0000, 13.0000, 14.0000, 15.0000,", lines[1]);
        for (String line : lines) {
            assertTrue(line.length() <= 80, line);
        }
    }

    @Test
    void requiresGradIsShown() {
        assertEquals("tensor([1.0000], shape=[1], dtype=FLOAT32, requiresGrad=true)",
                Tensor.ones(1).requiresGrad(true).toString());
    }

    @Test
    void allZeroFloatTensorsStillShowDecimals() {
        assertEquals("tensor([0.0000, 0.0000], shape=[2], dtype=FLOAT32)", Tensor.zeros(2).toString());
    }
}
