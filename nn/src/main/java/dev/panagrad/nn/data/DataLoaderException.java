package dev.panagrad.nn.data;

/**
 * Reading or collating a batch failed: thrown by a {@link DataLoader}'s iterator, with the dataset's
 * or collate's exception as its cause and a message saying which batch, epoch and samples were being
 * loaded. The same exception arrives whether the batch was loaded on the prefetch thread or on the
 * caller's.
 */
public final class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
