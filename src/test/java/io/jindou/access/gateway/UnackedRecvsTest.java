package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ring of un-RECVACKed messages against the plain model it replaced (a map in send order): acknowledgements in
 * and out of order, the bound, retries and giving up, through wrap-around and growth.
 */
class UnackedRecvsTest {

  static Message msg(long id) {
    return new Message(id, id, "c" + id, null, "u", "g", 2, 0, 0, false, false, false, 0, null, null, new byte[] {1});
  }

  static List<Long> ids(List<Message> ms) {
    return ms.stream().map(Message::messageId).toList();
  }

  @Test
  void acknowledgedInAnyOrderAndBoundedOldestFirst() {
    UnackedRecvs u = new UnackedRecvs(4);
    for (long id = 1; id <= 6; id++) {
      u.track(msg(id), 100);
    }
    assertEquals(4, u.size(), "1 and 2 were dropped to sync");
    assertEquals(-1, u.ack(1));
    assertEquals(100, u.ack(4), "out of order");
    assertEquals(100, u.ack(3), "the oldest");
    assertEquals(-1, u.ack(3), "only once");
    assertEquals(2, u.size());
    u.bound(1);
    assertEquals(1, u.size());
    assertEquals(-1, u.ack(5), "the oldest went first");
    assertEquals(100, u.ack(6));
    assertEquals(0, u.size());
  }

  @Test
  void retriesBecomeTheYoungestAndGiveUpAfterTheLastAttempt() {
    UnackedRecvs u = new UnackedRecvs(100);
    u.track(msg(1), 0);
    u.track(msg(2), 0);
    u.track(msg(3), 50);
    assertEquals(List.of(1L, 2L), ids(u.due(60, 30, 2)), "older than 30 ms at 60");
    u.track(msg(4), 70);
    assertEquals(List.of(3L, 4L), ids(u.due(100, 30, 2)), "3 is due at 100, 4 too; 1 and 2 were resent at 60");
    assertEquals(List.of(), ids(u.due(100, 30, 2)));
    assertEquals(2, u.size(), "1 and 2 are out of attempts after their retry");
    assertEquals(List.of(), ids(u.due(130, 30, 2)), "3 and 4 were pushed twice: forgotten");
    assertEquals(0, u.size());
  }

  @Test
  void matchesAMapInSendOrderThroughRandomUse() {
    Random r = new Random(42);
    for (int round = 0; round < 200; round++) {
      int max = 1 + r.nextInt(40);
      UnackedRecvs u = new UnackedRecvs(max);
      List<long[]> model = new ArrayList<>(); // {id, sentAt, attempts} in send order
      long now = 0;
      long next = 1;
      for (int step = 0; step < 400; step++) {
        now += r.nextInt(5);
        int op = r.nextInt(10);
        if (op < 5) {
          long id = next++;
          u.track(msg(id), now);
          model.add(new long[] {id, now, 1});
          while (model.size() > max) {
            model.remove(0);
          }
        } else if (op < 8 && next > 1) {
          long id = 1 + r.nextInt((int) (next - 1));
          long expected = -1;
          for (int i = 0; i < model.size(); i++) {
            if (model.get(i)[0] == id) {
              expected = model.remove(i)[1];
              break;
            }
          }
          assertEquals(expected, u.ack(id), "ack " + id);
        } else if (op < 9) {
          List<Long> expected = new ArrayList<>();
          List<long[]> again = new ArrayList<>();
          while (!model.isEmpty() && now - model.get(0)[1] >= 10) {
            long[] e = model.remove(0);
            if (e[2] < 3) {
              expected.add(e[0]);
              again.add(new long[] {e[0], now, e[2] + 1});
            }
          }
          model.addAll(again);
          assertEquals(expected, ids(u.due(now, 10, 3)));
        } else {
          max = 1 + r.nextInt(40);
          u.bound(max);
          while (model.size() > max) {
            model.remove(0);
          }
        }
        assertEquals(model.size(), u.size());
      }
    }
  }
}
