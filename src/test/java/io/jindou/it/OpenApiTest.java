package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI 3.1 document of the HTTP API ({@code src/main/resources/openapi.json}, served at
 * {@code GET /docs/openapi.json}) against a real node: every route the server registers is documented and every
 * documented route exists, and every request example, sent to a fresh node in document order, gets the status of
 * the response example of the same name (and an object answer has every field that example shows). A route added
 * without documentation fails here naming it; document it in openapi.json with an example that passes.
 */
class OpenApiTest {
  static TestNode node;
  static JsonObject doc;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
    try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** {@code "METHOD /path"} of every operation in the document. */
  static Set<String> documented() {
    Set<String> out = new TreeSet<>();
    for (String path : doc.getJsonObject("paths").fieldNames()) {
      for (String method : doc.getJsonObject("paths").getJsonObject(path).fieldNames()) {
        out.add(method.toUpperCase() + " " + path);
      }
    }
    return out;
  }

  @Test
  void theDocumentIsServedAndIsOpenApi31() {
    Http.Res r = node.http.get("/docs/openapi.json");
    assertEquals(200, r.status());
    assertEquals(doc, r.json(), "the server serves the file in the repository");
    assertEquals("3.1.0", doc.getString("openapi"));
    for (String route : documented()) {
      String[] mp = route.split(" ", 2);
      JsonObject op = doc.getJsonObject("paths").getJsonObject(mp[1]).getJsonObject(mp[0].toLowerCase());
      assertFalse(op.getString("summary", "").isBlank(), route + " has no summary");
      assertFalse(op.getJsonObject("responses", new JsonObject()).isEmpty(), route + " documents no response");
    }
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> registered = new TreeSet<>(node.server.httpRoutes());
    assertFalse(registered.isEmpty());
    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented());
    assertTrue(undocumented.isEmpty(), "routes the server registers but src/main/resources/openapi.json does not"
        + " document (add each under \"paths\" with a request example that passes OpenApiTest): " + undocumented);
    Set<String> missing = new TreeSet<>(documented());
    missing.removeAll(registered);
    assertTrue(missing.isEmpty(), "routes openapi.json documents but the server does not register: " + missing);
  }

  @Test
  void everyExampleGetsItsDocumentedStatusFromARealNode() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        String route = method.toUpperCase() + " " + path;
        Map<String, Object> bodies = requestExamples(op);
        Set<String> names = new LinkedHashSet<>(bodies.keySet());
        if (!op.containsKey("requestBody")) {
          names.addAll(paramExampleNames(op));
          names.addAll(responseExampleNames(op));
        }
        if (names.isEmpty()) {
          failures.add(route + ": no example to run");
        }
        for (String name : names) {
          Expected want = expected(op, name);
          if (want == null) {
            failures.add(route + " example \"" + name + "\": no response example of that name says what status"
                + " to expect");
            continue;
          }
          Http.Res got = method.equals("get") ? node.http.get(path + query(op, name))
              : node.http.post(path, bodies.containsKey(name) ? bodies.get(name) : new JsonObject());
          ran++;
          if (got.status() != want.status()) {
            failures.add(route + " example \"" + name + "\": expected " + want.status() + ", got " + got);
            continue;
          }
          if (want.body() instanceof JsonObject shown && !shown.isEmpty() && got.body().startsWith("{")) {
            JsonObject actual = got.json();
            for (String field : shown.fieldNames()) {
              if (!actual.containsKey(field)) {
                failures.add(route + " example \"" + name + "\": the answer lacks \"" + field + "\": " + got);
              }
            }
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " examples failed:\n  " + String.join("\n  ", failures));
    assertTrue(ran >= documented().size(), "ran " + ran + " examples for " + documented().size() + " operations");
  }

  record Expected(int status, Object body) {
  }

  static Map<String, Object> requestExamples(JsonObject op) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    JsonObject body = op.getJsonObject("requestBody");
    if (body == null) {
      return out;
    }
    JsonObject examples = body.getJsonObject("content").getJsonObject("application/json")
        .getJsonObject("examples", new JsonObject());
    for (String name : examples.fieldNames()) {
      out.put(name, examples.getJsonObject(name).getValue("value"));
    }
    return out;
  }

  static Set<String> paramExampleNames(JsonObject op) {
    Set<String> out = new LinkedHashSet<>();
    for (Object p : op.getJsonArray("parameters", new JsonArray())) {
      out.addAll(((JsonObject) p).getJsonObject("examples", new JsonObject()).fieldNames());
    }
    return out;
  }

  static Set<String> responseExampleNames(JsonObject op) {
    Set<String> out = new LinkedHashSet<>();
    JsonObject responses = op.getJsonObject("responses");
    for (String status : responses.fieldNames()) {
      out.addAll(examples(responses.getJsonObject(status)).fieldNames());
    }
    return out;
  }

  /**
   * A response's named examples: those of its JSON content, or for a response without a body (a redirect) the
   * names listed in its {@code x-examples} extension.
   */
  static JsonObject examples(JsonObject response) {
    JsonObject content = response.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    if (content != null) {
      return content.getJsonObject("examples", new JsonObject());
    }
    JsonObject out = new JsonObject();
    response.getJsonArray("x-examples", new JsonArray()).forEach(n -> out.put((String) n, new JsonObject()));
    return out;
  }

  /** The status (and example body) of the response whose examples include {@code name}. */
  static Expected expected(JsonObject op, String name) {
    JsonObject responses = op.getJsonObject("responses");
    for (String status : responses.fieldNames()) {
      JsonObject ex = examples(responses.getJsonObject(status));
      if (ex.containsKey(name)) {
        return new Expected(Integer.parseInt(status), ex.getJsonObject(name).getValue("value"));
      }
    }
    return null;
  }

  /** The query string of example {@code name}: each parameter that has an example of that name. */
  static String query(JsonObject op, String name) {
    StringBuilder q = new StringBuilder();
    for (Object o : op.getJsonArray("parameters", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      JsonObject ex = p.getJsonObject("examples", new JsonObject());
      if (ex.containsKey(name)) {
        q.append(q.length() == 0 ? '?' : '&').append(URLEncoder.encode(p.getString("name"), StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(String.valueOf(ex.getJsonObject(name).getValue("value")),
                StandardCharsets.UTF_8));
      }
    }
    return q.toString();
  }
}
