package io.jindou.access.web;

import io.jindou.access.json.JsonApi;
import io.jindou.usecase.DemoAccess;
import io.jindou.usecase.UseCases;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * The browser edge as the HTTP listener mounts it, in two places of its router: {@link #mountOpen} before the
 * manager-token check (the page files under {@code /demo/}, {@code /manager/}, {@code /common/}, a redirect from
 * {@code /}, and the demo API, which authenticates its own callers) and {@link #mountAdmin} after it (the
 * console's admin-only reads). One instance serves every HTTP verticle: it holds the immutable page bytes and the
 * use cases it was given, nothing that changes. It owns no API behaviour: the pages call the documented
 * endpoints, and the demo API and the console reads call the same {@link JsonApi} operations and use cases.
 */
public final class WebEdge {

  /**
   * What the browser edge needs from the node.
   *
   * @param ready whether this node is ready (as {@code /readyz} says)
   */
  public record Deps(WebConfig config, UseCases useCases, BooleanSupplier ready) {
  }

  private final DemoAccess demo;
  private final StaticPages pages;
  private final DemoApi demoApi;
  private final ConsoleApi console;

  /** Reads the page files from the jar; a missing listed file stops the start. */
  public WebEdge(Deps deps) {
    WebConfig c = deps.config();
    JsonApi json = new JsonApi(deps.useCases());
    this.demo = deps.useCases().demo();
    this.pages = new StaticPages(WebAssets.load(), new SecurityHeaders(c.wsPort(), c.advertiseHost()));
    this.demoApi = new DemoApi(demo, json);
    this.console = new ConsoleApi(json, deps.ready());
  }

  /** The public part: page files, the redirect from {@code /}, and the demo API. */
  public void mountOpen(Router router) {
    demoApi.mount(router);
    router.get("/").handler(rc -> {
      SecurityHeaders.common(rc.response());
      rc.response().setStatusCode(302).putHeader("Cache-Control", "no-cache")
          .putHeader("Location", demo.enabled() ? "/demo/" : "/manager/").end();
    });
    for (String prefix : new String[] {"/demo", "/manager", "/common"}) {
      router.route(prefix).handler(pages::handle);
      router.route(prefix + "/*").handler(pages::handle);
    }
  }

  /** The admin part: mount behind the manager-token check, like every other API endpoint. */
  public void mountAdmin(Router router) {
    console.mount(router);
  }

  /** For the startup line: whether the demo runs, and where the pages are. */
  public String describe() {
    return (demo.enabled() ? "demo on at /demo/" : "demo off") + ", console at /manager/";
  }
}
