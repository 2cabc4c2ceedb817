package io.jindou.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page files over plain HTTP, byte for byte as a client sends them (a raw socket, so no client library
 * normalises a path first): content types, caching, the security headers and the Content-Security-Policy, and
 * every traversal or listing attempt refused without serving anything outside the listed files.
 */
class StaticPagesTest {
  static TestNode node;

  @BeforeAll
  static void start() throws IOException {
    node = new TestNode();
  }

  @AfterAll
  static void stop() throws IOException {
    node.close();
  }

  /** One raw HTTP/1.1 exchange: status, headers (lower-case names), body. */
  record Raw(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  static Raw raw(String method, String target, String... extraHeaders) throws IOException {
    try (Socket s = new Socket("127.0.0.1", node.httpPort)) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.httpPort
          + "\r\nConnection: close\r\n");
      for (String h : extraHeaders) {
        req.append(h).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String[] lines = all.substring(0, split).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
      }
      return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, all.substring(split + 4));
    }
  }

  static List<String> listedFiles() throws IOException {
    try (InputStream in = StaticPagesTest.class.getClassLoader().getResourceAsStream("web/files.txt")) {
      assertNotNull(in, "web/files.txt is on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
  }

  @Test
  void theListOfServedFilesIsExactlyTheWebFolder() throws IOException {
    Path web = Path.of("src/main/resources/web");
    try (Stream<Path> files = Files.walk(web)) {
      List<String> onDisk = files.filter(Files::isRegularFile).map(p -> web.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals("files.txt")).sorted().toList();
      assertEquals(onDisk, listedFiles().stream().sorted().toList());
    }
  }

  @Test
  void everyFileHasItsContentTypeCachingAndSecurityHeaders() throws IOException {
    Map<String, String> types = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8");
    for (String file : listedFiles()) {
      Raw r = raw("GET", "/" + file);
      assertEquals(200, r.status(), file);
      assertEquals(types.get(file.substring(file.lastIndexOf('.') + 1)), r.header("content-type"), file);
      assertEquals("no-cache", r.header("cache-control"), file);
      assertEquals("nosniff", r.header("x-content-type-options"), file);
      assertEquals("no-referrer", r.header("referrer-policy"), file);
      assertEquals("DENY", r.header("x-frame-options"), file);
      assertTrue(r.header("etag").matches("\"[0-9a-f]{24}\""), file + " " + r.header("etag"));
      assertEquals(304, raw("GET", "/" + file, "If-None-Match: " + r.header("etag")).status(), file);
      Raw head = raw("HEAD", "/" + file);
      assertEquals(200, head.status(), file);
      assertEquals("", head.body(), file);
      assertEquals(r.header("content-length"), head.header("content-length"), file);
    }
    assertEquals(200, raw("GET", "/demo/").status());
    assertEquals(200, raw("GET", "/manager/").status());
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicy() throws IOException {
    String demo = raw("GET", "/demo/").header("content-security-policy");
    String console = raw("GET", "/manager/").header("content-security-policy");
    for (String csp : List.of(demo, console)) {
      assertNotNull(csp);
      assertTrue(csp.startsWith("default-src 'none'; script-src 'self'; style-src 'self';"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'")
          && csp.contains("form-action 'none'"), csp);
      assertFalse(csp.contains("unsafe") || csp.contains("*"), csp);
    }
    assertTrue(demo.endsWith("connect-src 'self' ws://127.0.0.1:" + node.wsPort), demo);
    assertTrue(console.endsWith("connect-src 'self'"), console);
    for (String page : List.of("demo/index.html", "manager/index.html")) {
      String html = raw("GET", "/" + page).body();
      assertFalse(html.contains("<script>") || html.contains("<style") || html.contains("style=")
          || java.util.regex.Pattern.compile("\\son[a-z]+\\s*=").matcher(html).find(), "no inline code in " + page);
    }
  }

  @Test
  void traversalAndEncodedPathsNeverReachAFile() throws IOException {
    List<String> attacks = List.of("/demo/../../etc/passwd", "/demo/../../../../../../../etc/passwd",
        "/demo/%2e%2e/%2e%2e/etc/passwd", "/demo/%2E%2E/%2E%2E/etc/passwd", "/demo/..%2f..%2fetc%2fpasswd",
        "/demo/..%2F..%2Fetc%2Fpasswd", "/demo/..\\..\\etc\\passwd", "/demo/%5c..%5c..%5cetc%5cpasswd",
        "/demo/%252e%252e/%252e%252e/etc/passwd", "/demo/..%252f..%252fetc%252fpasswd", "/demo/..;/..;/etc/passwd",
        "/manager/../../../etc/passwd", "/common/%2e%2e/%2e%2e/conf/jindou.json", "/demo/../conf/jindou.json",
        "/demo/%2e%2e/files.txt", "/common/../files.txt", "/demo/./index.html", "/demo//index.html",
        "/demo/index.html%00.js", "/demo/%00", "//etc/passwd", "/conf/jindou.json", "/files.txt", "/web/demo/app.js",
        "/demo/.%2e/.%2e/etc/passwd", "/manager/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd");
    for (String target : attacks) {
      Raw r = raw("GET", target);
      assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r.status() + " " + r.body());
      assertFalse(r.body().contains("root:") || r.body().contains("manager_token") || r.body().contains("<html"),
          target + " served something: " + r.body());
    }
  }

  @Test
  void noDirectoryListingAndOnlyGetOrHead() throws IOException {
    for (String dir : List.of("/common/", "/demo/missing/", "/manager/nothing", "/demo/index.htm", "/demo/files.txt")) {
      Raw r = raw("GET", dir);
      assertEquals(404, r.status(), dir);
      assertEquals("text/plain; charset=utf-8", r.header("content-type"), dir);
      assertEquals("not found", r.body(), dir);
    }
    Raw post = raw("POST", "/demo/index.html", "Content-Length: 0");
    assertEquals(405, post.status());
    assertEquals("GET, HEAD", post.header("allow"));
    Raw redirect = raw("GET", "/demo");
    assertEquals(301, redirect.status());
    assertEquals("/demo/", redirect.header("location"));
    Raw root = raw("GET", "/");
    assertEquals(302, root.status());
    assertEquals("/demo/", root.header("location"), "the demo is on without a manager token");
  }
}
