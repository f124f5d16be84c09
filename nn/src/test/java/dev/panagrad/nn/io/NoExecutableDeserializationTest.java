package dev.panagrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SER-05: no load path can reach Java deserialization, script engines or reflective class loading
 * from file contents. Scans the constant pools of the compiled nn and core classes (every type and
 * method a class refers to is named there) for the forbidden names.
 */
class NoExecutableDeserializationTest {
    /** Names that must not appear in any main class of nn or core. */
    private static final List<String> FORBIDDEN = List.of(
            "java/io/ObjectInputStream", "readObject", "readUnshared", "javax/script/", "java/beans/XMLDecoder", "java/rmi/");
    /** Reflective instantiation: forbidden in the io package, where file contents are interpreted. */
    private static final List<String> FORBIDDEN_IN_IO = List.of("forName", "newInstance", "java/lang/reflect/");

    @Test
    void nnAndCoreClassesReferToNoDeserializerOrScriptEngine() throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.putAll(mainClasses(Safetensors.class));
        classes.putAll(mainClasses(Tensor.class));

        assertTrue(classes.containsKey("dev/panagrad/nn/io/Safetensors.class"), "nn classes not found: " + classes.keySet());
        assertTrue(classes.containsKey("dev/panagrad/core/Tensor.class"), "core classes not found");
        assertFalse(classes.containsKey("dev/panagrad/nn/io/NoExecutableDeserializationTest.class"), "test classes must not be scanned");
        List<String> violations = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            for (String forbidden : FORBIDDEN) {
                if (contains(bytes, forbidden)) {
                    violations.add(name + " refers to " + forbidden);
                }
            }
            if (name.startsWith("dev/panagrad/nn/io/")) {
                for (String forbidden : FORBIDDEN_IN_IO) {
                    if (contains(bytes, forbidden)) {
                        violations.add(name + " refers to " + forbidden);
                    }
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void scannerFindsTheNamesInAClassThatUsesThem() throws IOException {
        byte[] bytes;
        try (InputStream in = ObjectInputStream.class.getResourceAsStream("ObjectInputStream.class")) {
            bytes = in.readAllBytes();
        }

        assertTrue(contains(bytes, "java/io/ObjectInputStream"));
        assertTrue(contains(bytes, "readObject"));
        assertFalse(contains(bytes, "javax/script/"));
    }

    /** Every {@code .class} file of the directory or jar that {@code anchor} was loaded from. */
    private static Map<String, byte[]> mainClasses(Class<?> anchor) throws IOException, URISyntaxException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                    try {
                        classes.put(location.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry e : jar.stream().toList()) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** Whether the ASCII string occurs in the class bytes (constant-pool names are modified UTF-8, ASCII as is). */
    private static boolean contains(byte[] haystack, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
