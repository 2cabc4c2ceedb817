package io.jindou.access.gateway;

import io.jindou.proto.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test double for both sides of a {@link SessionCodec}: the {@link SessionCodec.Inbound} it reports to (every
 * event in order) and the {@link Transport} it emits to (binary and text frames kept apart). A codec test
 * feeds input, then compares {@link #events} with exactly what the dialect must report.
 */
final class CodecRecorder implements SessionCodec.Inbound, Transport {
  record Read(Packet packet, Object requestId) {
  }

  record Malformed(Object requestId, String why) {
  }

  record Closed(String why) {
  }

  record Binary(byte[] frame) {
  }

  record Text(String frame) {
  }

  final List<Object> events = new ArrayList<>();
  private boolean closed;
  /** Runs inside {@link #onPacket}, e.g. to close the way a session does on its first packet. */
  Consumer<Packet> onRead = p -> {
  };

  @Override
  public void onPacket(Packet p, Object requestId) {
    events.add(new Read(p, requestId));
    onRead.accept(p);
  }

  @Override
  public void onMalformed(Object requestId, String why) {
    events.add(new Malformed(requestId, why));
  }

  @Override
  public void close(String why) {
    events.add(new Closed(why));
    closed = true;
  }

  @Override
  public boolean closed() {
    return closed;
  }

  @Override
  public void writePacket(byte[] packet) {
    events.add(new Binary(packet));
  }

  @Override
  public void writeText(String text) {
    events.add(new Text(text));
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public void outboundLimit(int bytes) {
    // records frames only: nothing is queued
  }

  @Override
  public void close() {
    throw new AssertionError("a codec never closes the transport: it reports, the session closes");
  }

  @Override
  public String remoteHost() {
    return "";
  }

  @Override
  public int remotePort() {
    return 0;
  }

  @Override
  public String kind() {
    return "test";
  }
}
