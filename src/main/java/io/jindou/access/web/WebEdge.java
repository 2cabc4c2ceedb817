package io.jindou.access.web;

import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelKey;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The browser edge as the HTTP verticle mounts it, in two places of its router: {@link #mountPages} before the
 * manager-token check (the page files under {@code /demo/}, {@code /manager/}, {@code /common/}, a redirect from
 * {@code /}, and the demo API, which authenticates its own callers) and {@link #mountConsoleApi} after it (the
 * console's admin-only reads). One instance serves every HTTP verticle: it holds the immutable page bytes and the
 * services it was given, nothing that changes. It owns no API behaviour: the demo and console pages call the
 * documented endpoints, and the demo API calls the same operations ({@link ApiCalls}).
 */
public final class WebEdge {

  /**
   * What the browser edge needs from the node.
   *
   * @param subscribers a channel's subscribers as stored (empty when none or never created)
   * @param readyNodes the node ids of the current ring
   * @param ready whether this node is ready (as {@code /readyz} says)
   */
  public record Deps(WebConfig config, UserService users, ChannelService channels,
      Function<ChannelKey, Future<Set<String>>> subscribers, Supplier<List<Integer>> readyNodes, int localNodeId,
      BooleanSupplier ready) {
  }

  private final Deps deps;
  private final StaticPages pages;
  private final ConsoleApi console;

  /** Reads the page files from the jar; a missing listed file stops the start. */
  public WebEdge(Deps deps) {
    this.deps = deps;
    WebConfig c = deps.config();
    this.pages = new StaticPages(WebAssets.load(), new SecurityHeaders(c.wsPort(), c.advertiseHost()));
    this.console = new ConsoleApi(deps.channels(), deps.users(), deps.subscribers(), deps.readyNodes(),
        deps.localNodeId(), deps.ready(), c.idMaxLength());
  }

  /** The public part: page files and the demo API ({@code api}: the HTTP API's operations, for the demo to call). */
  public void mountPages(Router router, ApiCalls api) {
    new DemoApi(deps.config().demoEnabled(), api, deps.users(), deps.channels()).mount(router);
    router.get("/").handler(rc -> {
      SecurityHeaders.common(rc.response());
      rc.response().setStatusCode(302).putHeader("Cache-Control", "no-cache")
          .putHeader("Location", deps.config().demoEnabled() ? "/demo/" : "/manager/").end();
    });
    for (String prefix : new String[] {"/demo", "/manager", "/common"}) {
      router.route(prefix).handler(pages::handle);
      router.route(prefix + "/*").handler(pages::handle);
    }
  }

  /** The admin part: mount behind the manager-token check, like every other API endpoint. */
  public void mountConsoleApi(Router router) {
    console.mount(router);
  }

  /** For the startup line: whether the demo runs, and where the pages are. */
  public String describe() {
    return (deps.config().demoEnabled() ? "demo on at /demo/" : "demo off") + ", console at /manager/";
  }
}
