package io.jindou.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules that bytecode cannot show, checked over {@code src/main/java}: the compiler copies
 * constant strings into their users, so an event-bus address spelled outside {@code cluster.Addresses} or an
 * edge importing a domain constant leaves no trace for {@link LayeringTest}. Every package also says what it
 * owns in a {@code package-info.java}. One rule covers every source set: an HTTP client response's body is read
 * in the callback of the future {@code send()} returns, never in a {@code compose} chained after it.
 */
class SourceRulesTest {
  private static final Path MAIN = Path.of("src/main/java/io/jindou");
  private static final Pattern ADDRESS = Pattern.compile(
      "\"jindou\\.(api|event|owner|deliver|node|policy|systemuids|presence)[.\"]");
  private static final Pattern DOMAIN_IMPORT = Pattern.compile(
      "^import (static )?io\\.jindou\\.(channel|conversation|user|store|webhook|stream)\\.([\\w.$]+);", Pattern.MULTILINE);

  /**
   * A {@code compose} calling {@code body()} on the future that {@code compose(req -> req.send(..))} returns hangs
   * off a future of the caller's context: called from a thread that is not the connection's (a tool's main thread)
   * it runs in a later task of the event loop, after the response's end may already have been delivered with no body handler
   * set, and {@code body()} then never completes (the reliability suite's unanswered final check).
   */
  private static final Pattern BODY_READ_LATE = Pattern.compile(
      "\\.compose\\(\\s*(\\w+)\\s*->\\s*\\1\\.send\\((?:[^()]|\\([^()]*\\))*\\)\\)"
      + "\\s*\\.compose\\(\\s*\\w+\\s*->\\s*\\w+\\.body\\(\\)");

  /** Edge imports of what lies below the use cases: the ports an edge implements (see LayeringTest). */
  private static final List<String> EDGE_IMPORTS_ALLOWED = List.of("io.jindou.channel.Fanout");

  @Test
  void everyEventBusAddressIsSpelledInAddresses() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles()) {
      if (f.endsWith(Path.of("cluster", "Addresses.java"))) {
        continue;
      }
      Matcher m = ADDRESS.matcher(Files.readString(f));
      while (m.find()) {
        found.add(MAIN.relativize(f) + ": " + m.group());
      }
    }
    assertEquals(List.of(), found, "event-bus addresses belong in cluster.Addresses");
  }

  @Test
  void edgesImportNothingBelowTheUseCasesButThePortsTheyImplement() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles()) {
      if (!MAIN.relativize(f).startsWith("access")) {
        continue;
      }
      Matcher m = DOMAIN_IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        String imported = "io.jindou." + m.group(2) + "." + m.group(3);
        if (EDGE_IMPORTS_ALLOWED.stream().noneMatch(imported::startsWith)) {
          found.add(MAIN.relativize(f) + ": " + imported);
        }
      }
    }
    assertEquals(List.of(), found, "edges call use cases; domain constants and types they need belong in model");
  }

  @Test
  void everyPackageSaysWhatItOwns() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        boolean hasJava;
        try (Stream<Path> files = Files.list(d)) {
          hasJava = files.anyMatch(p -> p.toString().endsWith(".java"));
        }
        if (hasJava && !Files.isRegularFile(d.resolve("package-info.java"))) {
          missing.add(MAIN.relativize(d).toString());
        }
      }
    }
    assertEquals(List.of(), missing, "packages without a package-info.java");
  }

  @Test
  void aResponseBodyIsReadInTheCallbackOfSend() throws IOException {
    List<String> found = new ArrayList<>();
    for (String set : List.of("src/main/java", "src/test/java", "src/bench/java")) {
      try (Stream<Path> files = Files.walk(Path.of(set))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          if (BODY_READ_LATE.matcher(Files.readString(f)).find()) {
            found.add(f.toString());
          }
        }
      }
    }
    assertEquals(List.of(), found, "read the body inside send()'s callback: req.send(b).compose(resp -> resp.body())");
  }

  private static List<Path> javaFiles() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the project folder: " + MAIN.toAbsolutePath());
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
