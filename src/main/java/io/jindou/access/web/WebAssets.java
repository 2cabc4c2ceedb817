package io.jindou.access.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The page files, read once from the jar ({@code web/} on the classpath) into memory: exactly the files named in
 * {@code web/files.txt}, each with its content type and an ETag. A request path is looked up by exact string
 * match in that table, so no client-chosen path ever reaches a file system or a class loader: traversal, encoded
 * separators and directory listings cannot happen by construction. Immutable after loading, so one instance is
 * shared by every HTTP verticle.
 */
final class WebAssets {

  /** One servable file. */
  record Asset(String path, byte[] bytes, String contentType, String etag) {
    boolean isHtml() {
      return contentType.startsWith("text/html");
    }
  }

  static final String LIST = "web/files.txt";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png");

  private final Map<String, Asset> byPath;

  private WebAssets(Map<String, Asset> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  /** Loads every listed file; a listed file that is missing, or of an unknown type, stops the start. */
  static WebAssets load() {
    Map<String, Asset> out = new HashMap<>();
    for (String name : listed()) {
      String ext = name.substring(name.lastIndexOf('.') + 1);
      String type = TYPES.get(ext);
      if (type == null) {
        throw new IllegalStateException(LIST + " lists " + name + " whose type (." + ext + ") is not served");
      }
      byte[] bytes = read("web/" + name);
      if (bytes == null) {
        throw new IllegalStateException(LIST + " lists " + name + " but the jar has no web/" + name);
      }
      String urlPath = "/" + name;
      Asset a = new Asset(urlPath, bytes, type, etag(bytes));
      out.put(urlPath, a);
      if (name.endsWith("/index.html")) {
        out.put(urlPath.substring(0, urlPath.length() - "index.html".length()), a);
      }
    }
    return new WebAssets(out);
  }

  /** The files named in {@code web/files.txt}: one path per line relative to {@code web/}; # starts a comment. */
  static List<String> listed() {
    byte[] list = read(LIST);
    if (list == null) {
      throw new IllegalStateException(LIST + " is missing from the classpath");
    }
    return new String(list, StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The asset at exactly this request path ({@code /demo/} is {@code /demo/index.html}), or null. */
  Asset find(String path) {
    return byPath.get(path);
  }

  private static byte[] read(String resource) {
    try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + " from the jar: " + e.getMessage(), e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
