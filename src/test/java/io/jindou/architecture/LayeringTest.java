package io.jindou.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layering of {@code ARCHITECTURE.md} as a test over the compiled main classes: access → use cases → domain
 * → ports, only the composition root names an adapter, no package cycles, and the libraries of one layer stay
 * in it. A broken rule names the class and the dependency. What the bytecode cannot show (constants the
 * compiler copies inline, such as event-bus addresses) is checked over the sources by {@link SourceRulesTest}.
 */
class LayeringTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jindou");

  /**
   * Ports that the domain or the cluster layer declares and an edge implements (dependency inversion: the
   * session registry answers presence and connection queries, the event publisher observes fan-out), and the
   * one class that spells every event-bus address. An edge may name these and nothing else below the use cases.
   */
  private static final Set<String> PORTS_EDGES_IMPLEMENT = Set.of(
      "io.jindou.cluster.Connections", "io.jindou.cluster.Presence", "io.jindou.channel.Fanout$Observer",
      "io.jindou.cluster.Addresses");

  private static final DescribedPredicate<JavaClass> EDGE_PORTS =
      describe("ports edges implement", c -> PORTS_EDGES_IMPLEMENT.contains(c.getName()));

  @Test
  void dependenciesPointDownTheLayers() {
    layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
        .layer("app").definedBy("io.jindou.app..")
        .layer("access").definedBy("io.jindou.access..")
        .layer("usecase").definedBy("io.jindou.usecase..")
        .layer("domain").definedBy("io.jindou.channel..", "io.jindou.conversation..", "io.jindou.user..",
            "io.jindou.webhook..", "io.jindou.stream..")
        .layer("cluster").definedBy("io.jindou.cluster..")
        .layer("store").definedBy("io.jindou.store..")
        .layer("metrics").definedBy("io.jindou.metrics..")
        .layer("proto").definedBy("io.jindou.proto..")
        .layer("model").definedBy("io.jindou.model..")
        .whereLayer("app").mayNotBeAccessedByAnyLayer()
        .whereLayer("access").mayOnlyBeAccessedByLayers("app")
        .whereLayer("usecase").mayOnlyBeAccessedByLayers("access", "app")
        .whereLayer("domain").mayOnlyBeAccessedByLayers("usecase", "domain", "app")
        .whereLayer("cluster").mayOnlyBeAccessedByLayers("domain", "usecase", "app")
        .whereLayer("store").mayOnlyBeAccessedByLayers("domain", "app")
        .whereLayer("proto").mayOnlyBeAccessedByLayers("access", "app")
        .ignoreDependency(resideInAPackage("io.jindou.access.."), EDGE_PORTS)
        .check(MAIN);
  }

  @Test
  void modelAndProtoDependOnNothingElseOfJindou() {
    noClasses().that().resideInAPackage("io.jindou.model..")
        .should().dependOnClassesThat(resideInAPackage("io.jindou..").and(describe("outside model",
            c -> !c.getPackageName().startsWith("io.jindou.model"))))
        .check(MAIN);
    noClasses().that().resideInAPackage("io.jindou.proto..")
        .should().dependOnClassesThat(resideInAPackage("io.jindou..").and(describe("outside proto",
            c -> !c.getPackageName().startsWith("io.jindou.proto"))))
        .check(MAIN);
  }

  @Test
  void onlyTheCompositionRootNamesAStoreAdapter() {
    for (String adapter : new String[] {"rocksdb", "redis", "memory", "hazelcast"}) {
      String pkg = "io.jindou.store." + adapter + "..";
      noClasses().that().resideOutsideOfPackages(pkg, "io.jindou.app..")
          .should().dependOnClassesThat().resideInAPackage(pkg)
          .because("only app chooses a backend; everything else sees the store ports")
          .check(MAIN);
    }
    noClasses().that().resideOutsideOfPackages("io.jindou.cluster..", "io.jindou.app..")
        .should().dependOnClassesThat(describe("a membership implementation",
            c -> c.getName().equals("io.jindou.cluster.HazelcastMembership")
                || c.getName().equals("io.jindou.cluster.LocalMembership")))
        .check(MAIN);
  }

  @Test
  void librariesStayInTheirLayer() {
    noClasses().that().resideOutsideOfPackages("io.jindou.store.rocksdb..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..").check(MAIN);
    noClasses().that().resideOutsideOfPackages("io.jindou.store.redis..", "io.jindou.app..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx.redis..").check(MAIN);
    noClasses().that().resideOutsideOfPackages("io.jindou.cluster..", "io.jindou.store.hazelcast..", "io.jindou.app..")
        .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster..").check(MAIN);
    noClasses().that().resideInAnyPackage("io.jindou.usecase..", "io.jindou.channel..", "io.jindou.conversation..",
            "io.jindou.user..", "io.jindou.webhook..", "io.jindou.stream..", "io.jindou.store..", "io.jindou.model..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..",
            "io.vertx.core.net..")
        .because("the domain and the stores never adapt a protocol: that is the edges' job")
        .check(MAIN);
    noClasses().that().resideOutsideOfPackages("io.jindou.access..", "io.jindou.app..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.ext.bridge..",
            "io.vertx.ext.eventbus.bridge..")
        .check(MAIN);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.jindou.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
