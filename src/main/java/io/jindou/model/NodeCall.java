package io.jindou.model;

import java.util.List;

/**
 * A typed request one node makes to another node's connection administration ({@code cluster.NodeRpc}, or to
 * itself), with {@code R} the type of the reply. Every request and reply is an immutable record with an event-bus
 * codec (registered by the composition root from {@link #TYPES}), so a request crosses the cluster as data,
 * never as an operation name. It carries no behaviour.
 */
public sealed interface NodeCall<R> permits NodeCall.Online, NodeCall.Quit, NodeCall.Close, ConnzQuery,
    VarzQuery, NodeCall.AddressQuery {

  /** The open connections of these uids on the node: one {@link Device} per connection. */
  record Online(List<String> uids) implements NodeCall<Devices> {
  }

  /**
   * DISCONNECT(12) and close, after the kick delay, every connection of {@code uid} with this device flag
   * (-1 = every flag); the reply is how many.
   */
  record Quit(String uid, int deviceFlag) implements NodeCall<Integer> {
  }

  /** Closes one connection, with a DISCONNECT(12) first when {@code kick}; the reply says whether it existed. */
  record Close(long connId, boolean kick) implements NodeCall<Boolean> {
  }

  /** The client addresses of the node ({@code node} is the node asked, for the record's sake). */
  record AddressQuery(int node) implements NodeCall<ClientAddresses> {
  }

  /** One open connection of a uid, as {@code /user/onlinestatus} reports it. */
  record Device(String uid, int deviceFlag) {
  }

  /** The reply to {@link Online}. */
  record Devices(List<Device> devices) {
  }

  /**
   * Where clients reach a node: the advertised host ("" = the address the client reached the HTTP listener on),
   * the gateway ports, and whether they speak TLS ({@code tls}: the WebSocket is {@code wss://}).
   */
  record ClientAddresses(String host, int tcpPort, int wsPort, boolean tls) {
  }

  /** Every record that travels between nodes (requests and replies), for codec registration. */
  List<Class<? extends Record>> TYPES = List.of(Online.class, Quit.class, Close.class, ConnzQuery.class,
      VarzQuery.class, AddressQuery.class, Devices.class, ClientAddresses.class, ConnzPage.class, VarzFigures.class);
}
