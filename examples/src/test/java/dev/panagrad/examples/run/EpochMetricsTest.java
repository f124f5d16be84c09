package dev.panagrad.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The epoch summary line: values in their order, accuracies as percentages, time and throughput. */
class EpochMetricsTest {
    static EpochMetrics classifier(int epoch, double testAcc) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("train_loss", 0.14321);
        values.put("train_acc", 0.95614);
        values.put("test_loss", 0.07109);
        values.put("test_acc", testAcc);
        return new EpochMetrics(epoch, values, 9.43, 1021.4);
    }

    @Test
    void theSummaryLinePrintsLossesWithFourDecimalsAndAccuraciesAsPercentages() {
        assertEquals("epoch  3/12  train_loss 0.1432  train_acc 95.61%  test_loss 0.0711  test_acc 97.85%  9.4 s  1,021 samples/s",
                classifier(3, 0.9785).summary(12));
        assertEquals("epoch 3/9  train_loss 0.1432  train_acc 95.61%  test_loss 0.0711  test_acc 100.00%  9.4 s  1,021 samples/s",
                classifier(3, 1.0).summary(9));
    }

    @Test
    void aModelWithoutAccuracyPrintsItsOwnValuesInTheirOrder() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("g_loss", 2.5);
        values.put("d_loss", 0.61234);
        assertEquals("epoch 1/1  g_loss 2.5000  d_loss 0.6123  0.5 s  12,346 samples/s",
                new EpochMetrics(1, values, 0.5, 12345.6).summary(1));
    }

    @Test
    void valuesAreCopiedInOrderAndMissingOnesAreNaN() {
        Map<String, Double> values = new LinkedHashMap<>(Map.of("val_loss", 1.0));
        EpochMetrics metrics = new EpochMetrics(1, values, 1, 1);
        values.put("val_acc", 0.5);
        assertEquals(List.of("val_loss"), List.copyOf(metrics.values().keySet()));
        assertTrue(Double.isNaN(metrics.get("val_acc")));
        assertEquals(1.0, metrics.get("val_loss"));
    }

    @Test
    void epochsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> new EpochMetrics(0, Map.of(), 1, 1));
    }
}
