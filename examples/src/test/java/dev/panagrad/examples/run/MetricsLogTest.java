package dev.panagrad.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.csv and curves.png, rewritten after every epoch. */
class MetricsLogTest {
    @Test
    void theCsvHasOneRowPerEpochWithValuesThatParseBackExactly(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog(dir, "mnist-mlp");
        log.add(EpochMetricsTest.classifier(1, 0.907));
        log.add(EpochMetricsTest.classifier(2, 0.1 + 0.2));
        List<String> rows = Files.readAllLines(dir.resolve(MetricsLog.CSV));
        assertEquals(List.of("epoch,train_loss,train_acc,test_loss,test_acc,seconds,samples_per_s",
                "1,0.14321,0.95614,0.07109,0.907,9.430,1021.4",
                "2,0.14321,0.95614,0.07109,0.30000000000000004,9.430,1021.4"), rows);
        assertEquals(0.1 + 0.2, Double.parseDouble(rows.get(2).split(",")[4]));
        assertEquals(2, log.epochs().size());
    }

    @Test
    void everyEpochMustMeasureTheSameNames(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog(dir, "mnist-mlp");
        log.add(EpochMetricsTest.classifier(1, 0.9));
        String before = Files.readString(dir.resolve(MetricsLog.CSV));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.add(new EpochMetrics(2, Map.of("train_loss", 0.1), 1, 1)));
        assertTrue(e.getMessage().contains("[train_loss]") && e.getMessage().contains("test_acc"), e::getMessage);
        assertEquals(before, Files.readString(dir.resolve(MetricsLog.CSV)));
        assertEquals(1, log.epochs().size());
    }

    @Test
    void curvesArePngsWithALossPanelAndAnAccuracyPanelWhenThereIsAccuracy(@TempDir Path dir) throws IOException {
        MetricsLog classifier = new MetricsLog(dir, "mnist-mlp");
        classifier.add(EpochMetricsTest.classifier(1, 0.9));
        classifier.add(EpochMetricsTest.classifier(2, 0.95));
        BufferedImage both = ImageIO.read(dir.resolve(MetricsLog.CURVES).toFile());
        assertEquals(1280, both.getWidth());
        assertEquals(440, both.getHeight());

        Path gan = Files.createDirectory(dir.resolve("gan"));
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("d_loss", 0.6);
        losses.put("g_loss", 2.0);
        new MetricsLog(gan, "mnist-gan").add(new EpochMetrics(1, losses, 1, 1));
        BufferedImage lossOnly = ImageIO.read(gan.resolve(MetricsLog.CURVES).toFile());
        assertEquals(640, lossOnly.getWidth());
        assertEquals(440, lossOnly.getHeight());
    }
}
