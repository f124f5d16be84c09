package dev.panagrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file atomically: into a temporary sibling, flushed to disk, then renamed over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see the old file or the new one, never a
 * half-written one, and a reader that still holds the old file open keeps a valid file. On any
 * failure the temporary file is deleted and the target is left as it was. {@link Safetensors#save}
 * writes this way; {@link #write(Path, byte[])} does it for any other file a program produces
 * (metrics, images).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes the contents. */
    interface Body {
        /** Writes the whole file to {@code channel}. */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code contents} to {@code target} atomically; the target's directory must exist.
     *
     * @throws IOException if the file cannot be written; {@code target} is then left as it was
     */
    public static void write(Path target, byte[] contents) throws IOException {
        write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(contents);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /** Writes {@code target} atomically through {@code body}. */
    static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = createSibling(absolute);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                body.writeTo(channel);
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** A new empty file {@code .<name>.<random>.tmp} next to {@code target} (default permissions). */
    private static Path createSibling(Path target) throws IOException {
        Path dir = target.getParent();
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path temp = dir.resolve("." + target.getFileName() + "." + random + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name; draw again
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException ignored) {
            // the original failure is the one to report
        }
    }
}
