package io.jindou.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the jars that the same {@code mvn package} run has just built (pom.xml runs this class in the package
 * phase, after the shade and assembly executions, with the jar paths as system properties): the server jar
 * carries no load tool and no HdrHistogram, and the bench jar carries the tools and HdrHistogram but no server
 * class (it runs next to the server jar). Named {@code …Check}, not {@code …Test}, so the {@code test} phase, which
 * has no jar yet, does not pick it up. A missing jar fails the check rather than skipping it.
 */
class JarContentsCheck {
  static final List<String> NOT_IN_SERVER = List.of("io/jindou/tools/", "org/HdrHistogram/");

  static List<String> classes(String property) throws IOException {
    String path = System.getProperty(property);
    assertTrue(path != null, "system property " + property + " is not set: run this check through mvn package");
    assertTrue(Files.isRegularFile(Path.of(path)), property + ": no jar at " + path);
    try (ZipFile jar = new ZipFile(path)) {
      return jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
    }
  }

  @Test
  void serverJarHoldsNoLoadToolAndNoHdrHistogram() throws IOException {
    List<String> server = classes("server.jar");
    // the shaded jar, with the dependencies (where HdrHistogram would show up), not the plain one
    assertTrue(server.contains("io/jindou/app/Main.class") && server.contains("io/vertx/core/Vertx.class"),
        "not the shaded server jar: no io/jindou/app/Main.class with io/vertx/core/Vertx.class");
    List<String> strays = server.stream().filter(n -> NOT_IN_SERVER.stream().anyMatch(n::startsWith)).toList();
    assertTrue(strays.isEmpty(), strays.size() + " classes that belong in jindou-bench.jar, not in jindou.jar, e.g. "
        + strays.subList(0, Math.min(10, strays.size())));
  }

  @Test
  void serverJarCarriesTheApiDocument() throws IOException {
    try (ZipFile jar = new ZipFile(System.getProperty("server.jar"))) {
      assertTrue(jar.getEntry("openapi.json") != null, "jindou.jar lacks openapi.json (served at /docs/openapi.json)");
    }
  }

  @Test
  void benchJarHoldsTheToolsAndHdrHistogramOnly() throws IOException {
    List<String> bench = classes("bench.jar");
    for (String expected : List.of("io/jindou/tools/Suite.class", "io/jindou/tools/LoadTool.class",
        "io/jindou/tools/FanoutLoad.class", "io/jindou/tools/WkAsyncClient.class", "org/HdrHistogram/Histogram.class")) {
      assertTrue(bench.contains(expected), "jindou-bench.jar lacks " + expected);
    }
    List<String> others = bench.stream()
        .filter(n -> !n.startsWith("io/jindou/tools/") && !n.startsWith("org/HdrHistogram/")).toList();
    assertTrue(others.isEmpty(), "jindou-bench.jar holds only the tools and HdrHistogram (the server comes from"
        + " jindou.jar), not " + others.subList(0, Math.min(10, others.size())));
  }
}
