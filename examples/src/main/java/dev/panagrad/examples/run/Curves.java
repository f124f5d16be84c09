package dev.panagrad.examples.run;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as one PNG: losses per epoch on the left (every {@code *_loss} metric), accuracies
 * in percent on the right (every {@code *_acc} metric, when there are any), with labelled axes and a
 * legend.
 */
final class Curves {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;

    private Curves() {}

    /** The PNG bytes of the curves of {@code epochs}. */
    static byte[] png(String title, List<EpochMetrics> epochs) {
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart(title + ": loss", "loss", epochs, name -> name.endsWith("_loss"), 1, Styler.LegendPosition.InsideNE));
        if (epochs.getFirst().values().keySet().stream().anyMatch(name -> name.endsWith("_acc"))) {
            charts.add(chart(title + ": accuracy", "accuracy (%)", epochs, name -> name.endsWith("_acc"), 100,
                    Styler.LegendPosition.InsideSE));
        }
        BufferedImage image = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * WIDTH, 0, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Curves: PNG encoding failed", e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    private static XYChart chart(String title, String yLabel, List<EpochMetrics> epochs, Predicate<String> series,
            double scale, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        for (String name : epochs.getFirst().values().keySet()) {
            if (series.test(name)) {
                double[] y = epochs.stream().mapToDouble(m -> scale * m.get(name)).toArray();
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }
}
