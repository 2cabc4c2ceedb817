package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every record kind in the one RocksDB key space is told apart by its first byte, so two kinds sharing a table
 * byte would read each other's keys (a prefix scan of one returning the other's records). The table bytes are
 * declared in {@link Keys} only, and no two are the same.
 */
class KeyTablesTest {
  private static final Pattern TABLE_LITERAL = Pattern.compile("byte\\)?\\s*(\\w+\\s*=\\s*)?'[A-Za-z]'");

  @Test
  void everyTableByteIsDistinct() throws IllegalAccessException {
    Map<Byte, String> seen = new HashMap<>();
    for (Field f : Keys.class.getDeclaredFields()) {
      if (f.getType() == byte.class && Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())) {
        f.setAccessible(true);
        byte b = f.getByte(null);
        String earlier = seen.put(b, f.getName());
        assertEquals(null, earlier, "table byte '" + (char) b + "' is both " + earlier + " and " + f.getName());
      }
    }
    assertTrue(seen.size() >= 10, "found the table bytes: " + seen);
  }

  @Test
  void tableBytesAreDeclaredInKeysOnly() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/io/jindou/store/rocksdb"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("Keys.java")).toList()) {
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          if (TABLE_LITERAL.matcher(lines.get(i)).find()) {
            offenders.add(p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertTrue(offenders.isEmpty(), "declare table bytes in Keys: " + offenders);
  }
}
