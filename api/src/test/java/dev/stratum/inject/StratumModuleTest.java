package dev.stratum.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stratum.backend.Backend;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StratumModuleTest {

  @Test
  void bindsTheGivenBackendAsASingleton() {
    Backend backend =
        (Backend)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Backend.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "name" -> "proxy";
                      case "hashCode" -> 7;
                      case "equals" -> proxy == args[0];
                      default -> null;
                    });
    Injector injector = Guice.createInjector(StratumModule.withBackend(backend));
    assertThat(injector.getInstance(Backend.class)).isSameAs(backend);
    assertThat(injector.getInstance(Backend.class)).isSameAs(injector.getInstance(Backend.class));
  }

  @Test
  void modulesAddToNamedRegistriesIndependently() {
    TypeLiteral<Supplier<String>> type = new TypeLiteral<>() {};
    Injector injector =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                Registries.registry(binder(), type).addBinding("relu").toInstance(() -> "ReLU");
              }
            },
            new AbstractModule() {
              @Override
              protected void configure() {
                Registries.registry(binder(), type).addBinding("tanh").toInstance(() -> "Tanh");
              }
            });
    Map<String, Supplier<String>> registry =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, Supplier<String>>>() {}));
    assertThat(registry).containsOnlyKeys("relu", "tanh");
    assertThat(registry.get("tanh").get()).isEqualTo("Tanh");
  }
}
