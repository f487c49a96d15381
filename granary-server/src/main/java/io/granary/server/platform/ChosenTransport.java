package io.granary.server.platform;

import io.granary.platform.TransportKind;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * The transport to build the server with: the I/O handler factory for {@code MultiThreadIoEventLoopGroup} and
 * the matching server channel class for {@code ServerBootstrap.channel(...)}.
 */
public record ChosenTransport(TransportKind kind, IoHandlerFactory ioHandlerFactory,
                              Class<? extends ServerChannel> serverChannelClass) {}
