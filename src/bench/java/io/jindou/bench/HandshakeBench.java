package io.jindou.bench;

import io.jindou.proto.ProtocolException;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's share of a WKProto handshake (spec wkproto §3.2), with one X25519 key pair per process (what the
 * gateway did before issue 17) and with a fresh key pair per connection (what it does now, as the v3 server): the
 * difference is one X25519 scalar multiplication by the base point per CONNECT. Run with
 * {@code mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt} and
 * {@code java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main HandshakeBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBench {
  private WkCrypto.X25519KeyPair processKey;
  private String clientKey;

  @Setup
  public void setUp() {
    processKey = WkCrypto.generateKeyPair();
    clientKey = WkCrypto.generateKeyPair().publicKeyBase64();
  }

  /** Before: the shared secret with the process's key, the AES key, a salt. */
  @Benchmark
  public WkCryptoSession sharedServerKey() throws ProtocolException {
    return WkCrypto.session(processKey.privateKey(), clientKey, WkCrypto.randomSalt());
  }

  /** Now: a key pair for this connection, then the same. */
  @Benchmark
  public WkCryptoSession keyPairPerConnection() throws ProtocolException {
    WkCrypto.X25519KeyPair own = WkCrypto.generateKeyPair();
    return WkCrypto.session(own.privateKey(), clientKey, WkCrypto.randomSalt());
  }

  /** The key pair alone: X25519(random scalar, 9). */
  @Benchmark
  public WkCrypto.X25519KeyPair keyPairOnly() {
    return WkCrypto.generateKeyPair();
  }
}
