package dev.panagrad.examples.text;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.EpochMetrics;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.OptimizerChoice;
import dev.panagrad.examples.run.Progress;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.nn.loss.CrossEntropyOptions;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.loss.Reduction;
import dev.panagrad.nn.optim.ClipGrad;
import dev.panagrad.nn.optim.OneCycleLR;
import dev.panagrad.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code char-rnn}: a character-level GRU language model on the lines of {@code --text} (by default
 * 63,737 English words), split 90/10 by line. Each epoch it reports the training and validation loss
 * in nats per character (the end marker counted as a character) beside a count-based bigram model's
 * validation loss, the baseline it must beat. {@code panagrad sample} then invents new words.
 *
 * <p>The recipe: embedding 32, one GRU layer of 256, AdamW (weight decay 1e-4) under a one-cycle
 * schedule, gradients clipped to norm 1, batches of 64 words bucketed by length. Throughput counts
 * predicted characters as samples; the epoch's words per second are logged beside it.
 */
public final class CharRnnExperiment implements Experiment {
    /** The share of lines held out for validation. */
    static final double VALIDATION_FRACTION = 0.1;
    static final int EMBEDDING_DIM = 32;
    static final int HIDDEN_SIZE = 256;
    static final int NUM_LAYERS = 1;
    static final double WEIGHT_DECAY = 1e-4;
    static final double CLIP_NORM = 1.0;
    private static final int EVAL_BATCH = 256;
    private static final CrossEntropyOptions SKIP_PADDING = CrossEntropyOptions.defaults().ignoreIndex(CharBatch.PADDING);

    @Override
    public String name() {
        return "char-rnn";
    }

    @Override
    public String description() {
        return "GRU-256 character language model; AdamW + one-cycle, clipping";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(8, 64, 3e-3, OptimizerChoice.ADAMW);
    }

    @Override
    public void train(RunContext run) throws IOException {
        Hyperparameters hyper = run.settings().hyper();
        Rng rng = new Rng(run.settings().seed());
        TextCorpus corpus = TextCorpus.load(run.settings().textFile());
        TrainingText text = TrainingText.of(corpus, run.settings().seed(), VALIDATION_FRACTION);
        TextSplit split = corpus.split(VALIDATION_FRACTION, rng); // the split's draws come first, so sample can redo it
        Vocabulary vocabulary = Vocabulary.of(corpus.sequences());
        List<int[]> train = split.train().stream().map(vocabulary::encode).toList();
        List<int[]> validation = split.validation().stream().map(vocabulary::encode).toList();

        BigramModel bigram = BigramModel.fit(train, vocabulary.size(), BigramModel.chooseK(train, vocabulary.size()));
        double bigramLoss = bigram.lossPerCharacter(validation);
        int maxLength = corpus.sequences().stream().mapToInt(s -> s.codePointCount(0, s.length())).max().orElseThrow();
        CharRnnConfig config = new CharRnnConfig(vocabulary, EMBEDDING_DIM, HIDDEN_SIZE, NUM_LAYERS, maxLength);
        CharRnn model = new CharRnn(config, rng);
        Map<String, String> metadata = new LinkedHashMap<>(config.toMetadata());
        metadata.putAll(text.toMetadata());

        run.log(model.toString());
        run.log(String.format(Locale.ROOT, "%,d parameters; %s: %,d training and %,d validation sequences, %d characters%s",
                model.numParameters(true), corpus.name(), train.size(), validation.size(), vocabulary.size() - 1,
                corpus.longLines() == 0 ? "" : String.format(Locale.ROOT, " (%,d lines longer than %d characters cut into pieces)",
                        corpus.longLines(), TextCorpus.MAX_SEQUENCE)));
        run.log(String.format(Locale.ROOT, "bigram baseline (add-%s smoothing, k chosen on the training split): %.4f nats/char "
                + "on the validation split", bigram.k(), bigramLoss));

        int stepsPerEpoch = (train.size() + hyper.batchSize() - 1) / hyper.batchSize();
        Optimizer optimizer = hyper.optimizer().create(model.parameters(), hyper.lr(), WEIGHT_DECAY);
        OneCycleLR schedule = new OneCycleLR(optimizer, hyper.lr(), hyper.epochs() * stepsPerEpoch);
        for (int epoch = 1; epoch <= hyper.epochs(); epoch++) {
            long start = System.nanoTime();
            model.train();
            double lossSum = 0;
            long characters = 0;
            List<CharBatch> batches = CharBatch.shuffled(train, hyper.batchSize(), rng);
            try (Progress progress = run.epochProgress(epoch, batches.size())) {
                for (CharBatch batch : batches) {
                    double stepLoss;
                    try (Tape tape = Tape.record()) {
                        Tensor loss = Losses.crossEntropy(flat(model.forward(batch.inputs())), batch.targets().reshape(-1),
                                SKIP_PADDING); // mean over the batch's characters, padding skipped
                        Gradients grads = ClipGrad.clipGradNorm(tape.gradient(loss, model.parameters()), CLIP_NORM).gradients();
                        optimizer.step(grads);
                        stepLoss = loss.item();
                    }
                    schedule.step();
                    lossSum += stepLoss * batch.characters();
                    characters += batch.characters();
                    progress.step(batch.characters(), stepLoss, -1); // a sample is one predicted character
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double validationLoss = lossPerCharacter(model, validation);
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("train_loss", lossSum / characters);
            values.put("val_loss", validationLoss);
            values.put("bigram_val_loss", bigramLoss);
            run.saveCheckpoint(model, metadata);
            run.epochDone(new EpochMetrics(epoch, values, (System.nanoTime() - start) / 1e9, characters / trainSeconds));
            double improvement = 1 - validationLoss / bigramLoss;
            run.log(String.format(Locale.ROOT, "val_loss %.4f is %.1f%% %s the bigram model's %.4f nats/char; %,.0f words/s",
                    validationLoss, 100 * Math.abs(improvement), improvement >= 0 ? "below" : "above", bigramLoss,
                    train.size() / trainSeconds));
        }
        Path checkpoint = run.out().resolve(Checkpoint.FILE);
        run.log("checkpoint: " + checkpoint + "; new words: panagrad sample --checkpoint " + checkpoint);
    }

    /** The mean loss of {@code model} in nats per character over {@code sequences}, in eval mode. */
    static double lossPerCharacter(CharRnn model, List<int[]> sequences) {
        model.eval();
        double nll = 0;
        long characters = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (CharBatch batch : CharBatch.byLength(sequences, EVAL_BATCH)) {
                nll += Losses.crossEntropy(flat(model.forward(batch.inputs())), batch.targets().reshape(-1),
                        SKIP_PADDING.reduction(Reduction.SUM)).item();
                characters += batch.characters();
            }
        }
        return nll / characters;
    }

    /** Logits {@code [N, T, V]} as {@code [N·T, V]}, one row per predicted character. */
    private static Tensor flat(Tensor logits) {
        return logits.reshape(-1, logits.size(2));
    }
}
