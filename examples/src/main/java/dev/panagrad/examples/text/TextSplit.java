package dev.panagrad.examples.text;

import java.util.List;

/**
 * A corpus split by sequence (by word, for the word list): no validation sequence is in the
 * training set unless the text repeats it.
 *
 * @param train the sequences the model learns from
 * @param validation the held-out sequences its loss is measured on
 */
public record TextSplit(List<String> train, List<String> validation) {
    /** Copies both lists. */
    public TextSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }
}
