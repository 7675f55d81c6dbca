package dev.stratum.cli.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own
 * client): load a page, read what its scripts or images did, collect every console message, log
 * entry and exception, and take a screenshot. Started with the flags of issue 16 ({@code --headless
 * --no-sandbox --disable-gpu --disable-background-networking --no-first-run}) and a fresh {@code
 * --user-data-dir}, plus the remote-debugging port.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());

  /**
   * The browser on the PATH: {@code chromium}, {@code chromium-browser} or {@code google-chrome}.
   */
  static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  HeadlessChromium(Path browser) throws Exception {
    profile = Files.createTempDirectory("stratum-chromium-");
    process =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--window-size=1100,900",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String browserSocket = awaitListening();
    // the page target of about:blank, from the browser's HTTP endpoint
    URI http = URI.create(browserSocket.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
    HttpClient client = HttpClient.newHttpClient();
    String pageSocket = null;
    for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
      String body =
          client
              .send(HttpRequest.newBuilder(http).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      for (Object target : JSON.std.listFrom(body)) {
        if (target instanceof Map<?, ?> t && "page".equals(t.get("type"))) {
          pageSocket = (String) t.get("webSocketDebuggerUrl");
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      throw new IOException("Chromium opened no page target at " + http);
    }
    socket =
        client
            .newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private String awaitListening() throws IOException {
    // Chromium prints the DevTools address on stderr, among its other start-up lines
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> address = new CompletableFuture<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  StringBuilder seen = new StringBuilder();
                  try {
                    for (String line; (line = err.readLine()) != null; ) {
                      Matcher m = LISTENING.matcher(line);
                      if (m.find()) {
                        address.complete(m.group(1));
                      } else if (!address.isDone()) {
                        seen.append(line).append('\n');
                      }
                    }
                  } catch (IOException e) {
                    address.completeExceptionally(e);
                  }
                  address.completeExceptionally(
                      new IOException("Chromium exited without a DevTools address:\n" + seen));
                });
    try {
      return address.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      reader.interrupt();
      throw new IOException("Chromium did not start: " + e.getMessage(), e);
    }
  }

  /** Sends a DevTools command and waits for its result. */
  Map<String, Object> send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("method", method);
    message.put("params", params);
    socket.sendText(JSON.std.asString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Map<String, Object> answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.containsKey("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) answer.getOrDefault("result", Map.of());
    return result;
  }

  /** Waits until an event called {@code method} has arrived. */
  void await(String method) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (events) {
        if (events.stream().anyMatch(e -> method.equals(e.get("method")))) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no " + method + " event within " + TIMEOUT);
  }

  /** Every event received so far. */
  List<Map<String, Object>> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Chromium may still be writing its profile as it exits; the folder is in /tmp
    }
  }

  /** Collects fragments into messages, then sorts them into replies and events. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          Map<String, Object> json = JSON.std.mapFrom(message);
          if (json.get("id") instanceof Number id) {
            CompletableFuture<Map<String, Object>> reply = pending.remove(id.intValue());
            if (reply != null) {
              reply.complete(json);
            }
          } else {
            events.add(json);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
