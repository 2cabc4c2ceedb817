package io.jindou.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code log_format=json} and {@code http_access_log} on a node in its own JVM: every line it prints is one JSON
 * object with time, level, logger, node, message and fields, the access log gives one line per request with
 * its method, path, status and duration as fields, and the default (text, no access log) prints no such line.
 */
class LogFormatTest {

  @Test
  void aJsonNodePrintsOneObjectPerLineWithAccessLogFields() throws Exception {
    Path dir = Files.createTempDirectory("jindou-jsonlog");
    int port = TestNode.freePort();
    ChildNode node = ChildNode.start(dir, port, Map.of("JINDOU_LOG_FORMAT", "json", "JINDOU_HTTP_ACCESS_LOG", "true",
        "JINDOU_NODE_ID", "5"));
    try {
      Http http = new Http(port);
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "lg-a").put("channel_id", "lg-b")
          .put("channel_type", 1).put("payload", "eA==")).status());
      assertEquals(400, http.post("/message/send", new JsonObject().put("from_uid", "lg-a")).status());
      node.terminate();
      List<JsonObject> lines = new ArrayList<>();
      for (String line : node.output().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject o;
        try {
          o = new JsonObject(line);
        } catch (RuntimeException e) {
          throw new AssertionError("not a JSON line: " + line + "\nall output:\n" + node.output());
        }
        for (String key : new String[] {"time", "level", "logger", "node", "message", "fields"}) {
          assertTrue(o.containsKey(key), "a line without " + key + ": " + line);
        }
        assertEquals(5, o.getInteger("node"));
        lines.add(o);
      }
      assertTrue(lines.stream().anyMatch(o -> o.getString("message").startsWith("node 5 ready in")), lines.toString());
      assertTrue(lines.stream().anyMatch(o -> o.getString("message").startsWith("stopped cleanly")), lines.toString());
      JsonObject sent = lines.stream().filter(o -> o.getString("logger").endsWith("AccessLog")
          && o.getJsonObject("fields").getInteger("status") == 200
          && "/message/send".equals(o.getJsonObject("fields").getString("path"))).findFirst().orElseThrow(
              () -> new AssertionError("no access line for the send: " + lines));
      JsonObject f = sent.getJsonObject("fields");
      assertEquals("POST", f.getString("method"));
      assertEquals("/message/send", f.getString("path"));
      assertTrue(f.getDouble("duration_ms") >= 0);
      assertEquals("127.0.0.1", f.getString("remote"));
      assertTrue(lines.stream().anyMatch(o -> o.getString("logger").endsWith("AccessLog")
          && o.getJsonObject("fields").getInteger("status") == 400), "the refused request is logged too");
    } finally {
      node.close();
      TestNode.deleteTree(dir);
    }
  }

  @Test
  void theDefaultIsTextWithoutAccessLines() throws Exception {
    Path dir = Files.createTempDirectory("jindou-textlog");
    int port = TestNode.freePort();
    ChildNode node = ChildNode.start(dir, port);
    try {
      assertEquals(200, new Http(port).get("/healthz").status());
      node.terminate();
      String out = node.output();
      assertTrue(out.contains("INFO io.jindou.app.JindouServer - node 7 ready in"), out);
      assertFalse(out.contains("AccessLog"), out);
      assertFalse(out.lines().anyMatch(l -> l.startsWith("{")), out);
    } finally {
      node.close();
      TestNode.deleteTree(dir);
    }
  }
}
