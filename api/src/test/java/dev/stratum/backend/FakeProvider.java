package dev.stratum.backend;

/** A provider whose name, priority and availability a test chooses; it never creates a backend. */
public class FakeProvider implements BackendProvider {

  private final String name;
  private final int priority;
  private final Availability availability;

  public FakeProvider() {
    this("fake", 1, Availability.available());
  }

  FakeProvider(String name, int priority, Availability availability) {
    this.name = name;
    this.priority = priority;
    this.availability = availability;
  }

  static FakeProvider available(String name, int priority) {
    return new FakeProvider(name, priority, Availability.available());
  }

  static FakeProvider unavailable(String name, int priority, String reason) {
    return new FakeProvider(name, priority, Availability.unavailable(reason));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public Availability probe() {
    return availability;
  }

  @Override
  public Backend create(BackendOptions options) {
    throw new IllegalStateException("fake provider '" + name + "' cannot create a backend");
  }
}
