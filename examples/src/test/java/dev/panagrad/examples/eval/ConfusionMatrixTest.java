package dev.panagrad.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.ConfusionMatrix;
import org.junit.jupiter.api.Test;

/** The confusion matrix counts (true, predicted) pairs and prints them as an aligned table. */
class ConfusionMatrixTest {
    private static final ConfusionMatrix MATRIX = ConfusionMatrix.of(
            Tensor.of(new int[] {0, 0, 1, 7, 7, 9, 4, 3}, 8),   // predicted
            Tensor.of(new int[] {0, 0, 1, 1, 7, 9, 9, 3}, 8));  // true

    @Test
    void rowsAreTrueDigitsAndColumnsPredictedOnes() {
        assertEquals(2, MATRIX.count(0, 0));
        assertEquals(1, MATRIX.count(1, 7));
        assertEquals(0, MATRIX.count(7, 1));
        assertEquals(1, MATRIX.count(9, 4));
        assertEquals(2, MATRIX.support(1));
        assertEquals(8, MATRIX.total());
        assertEquals(6, MATRIX.correct());
        assertEquals(0.75, MATRIX.accuracy());
        assertEquals(0.5, MATRIX.classAccuracy(1));
    }

    @Test
    void theTableShowsEachRowsCountAndAccuracyAndADashForAbsentDigits() {
        String expected = """
                confusion matrix: rows are true digits, columns predicted digits
                digit    0    1    2    3    4    5    6    7    8    9  digits  accuracy
                    0    2    0    0    0    0    0    0    0    0    0       2   100.00%
                    1    0    1    0    0    0    0    0    1    0    0       2    50.00%
                    2    0    0    0    0    0    0    0    0    0    0       0         -
                    3    0    0    0    1    0    0    0    0    0    0       1   100.00%
                    4    0    0    0    0    0    0    0    0    0    0       0         -
                    5    0    0    0    0    0    0    0    0    0    0       0         -
                    6    0    0    0    0    0    0    0    0    0    0       0         -
                    7    0    0    0    0    0    0    0    1    0    0       1   100.00%
                    8    0    0    0    0    0    0    0    0    0    0       0         -
                    9    0    0    0    0    1    0    0    0    0    1       2    50.00%
                """;
        assertEquals(expected, MATRIX.table().replace(System.lineSeparator(), "\n"));
    }
}
