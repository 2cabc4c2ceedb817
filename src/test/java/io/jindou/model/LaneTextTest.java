package io.jindou.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaneTextTest {

  @Test
  void everyValueKeepsWhatItShowedWhileLaterValuesGrowAndFork() {
    List<LaneText> values = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    LaneText t = LaneText.EMPTY;
    StringBuilder model = new StringBuilder();
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      String delta = "d" + i + (i % 7 == 0 ? "é漢😀" : "");
      if (i % 97 == 0 && !values.isEmpty()) { // append to an older value: it must fork, not overwrite the line
        int k = random.nextInt(values.size());
        LaneText fork = values.get(k).append(delta);
        assertEquals(expected.get(k) + delta, fork.toString());
      }
      t = t.append(delta);
      model.append(delta);
      values.add(t);
      expected.add(model.toString());
    }
    for (int i = 0; i < values.size(); i++) {
      assertEquals(expected.get(i), values.get(i).toString(), "value " + i);
      assertEquals(expected.get(i).length(), values.get(i).length());
      assertEquals(expected.get(i).getBytes(StandardCharsets.UTF_8).length, values.get(i).utf8Length(), "bytes " + i);
    }
  }

  @Test
  void twoAppendsToOneValueGiveTwoTexts() {
    LaneText base = LaneText.of("hello ");
    LaneText a = base.append("world");
    LaneText b = base.append("there");
    assertEquals("hello world", a.toString());
    assertEquals("hello there", b.toString());
    assertEquals("hello ", base.toString());
    assertSame(base, base.append(""));
  }

  @Test
  void utf8SizeMatchesTheEncoderIncludingSurrogatesSplitAcrossAppends() {
    String emoji = "😀"; // one code point, two chars, four bytes
    LaneText t = LaneText.of("a").append(emoji.substring(0, 1));
    assertEquals(("a" + emoji.charAt(0)).getBytes(StandardCharsets.UTF_8).length, t.utf8Length()); // lone: '?'
    t = t.append(emoji.substring(1) + "b");
    assertEquals(("a" + emoji + "b").getBytes(StandardCharsets.UTF_8).length, t.utf8Length());
    assertEquals(6, t.utf8Length());
  }

  @Test
  void equalByContentAndJsonIsAPlainString() throws Exception {
    LaneText grown = LaneText.EMPTY.append("ab").append("c");
    assertEquals(LaneText.of("abc"), grown);
    assertEquals(LaneText.of("abc").hashCode(), grown.hashCode());
    assertNotEquals(LaneText.of("abd"), grown);
    ObjectMapper mapper = new ObjectMapper();
    StreamLane lane = new StreamLane("main", StreamLane.OPEN, 3, grown, null, 0, "");
    String json = mapper.writeValueAsString(lane);
    assertEquals(true, json.contains("\"text\":\"abc\""), json);
    assertEquals(lane, mapper.readValue(json, StreamLane.class));
    assertEquals(LaneText.EMPTY, mapper.readValue(json.replace("\"abc\"", "null"), StreamLane.class).text());
  }
}
