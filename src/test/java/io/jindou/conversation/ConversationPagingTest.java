package io.jindou.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Paging picks exactly the slice a full newest-first sort would give, whether it sorts everything or keeps
 * only the newest few (ties in time and id, conversations without a last message, pages past the end).
 */
class ConversationPagingTest {
  private static List<ConversationService.Item> items(Random r, int n) {
    List<ConversationService.Item> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ChannelKey ch = new ChannelKey("c" + r.nextInt(1_000_000) + "-" + i, 1 + r.nextInt(2));
      Message last = r.nextInt(10) == 0 ? null : new Message(r.nextInt(5), 1, "", null, "u", ch.id(), ch.type(),
          r.nextInt(20), 0, false, false, false, 0, null, null, new byte[0]);
      out.add(new ConversationService.Item(new Row("u", ch, 0, 0, 0, 0, 0), 1, 0, last, List.of()));
    }
    return out;
  }

  @Test
  void pagesAreSlicesOfTheFullOrder() {
    Random r = new Random(7);
    for (int n : new int[] {0, 1, 5, 37, 400, 1000}) {
      List<ConversationService.Item> all = items(r, n);
      List<ConversationService.Item> sorted = ConversationService.page(new ArrayList<>(all), 0, 1);
      assertEquals(n, sorted.size());
      for (int pageSize : new int[] {1, 3, 20, 100, 500}) {
        for (int page = 1; page <= 4; page++) {
          int from = Math.min(n, (page - 1) * pageSize);
          List<ConversationService.Item> expected = sorted.subList(from, Math.min(n, from + pageSize));
          assertEquals(expected, ConversationService.page(new ArrayList<>(all), page, pageSize),
              "n " + n + " page " + page + " size " + pageSize);
        }
      }
    }
  }
}
