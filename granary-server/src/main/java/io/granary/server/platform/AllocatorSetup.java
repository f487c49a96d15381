package io.granary.server.platform;

import io.granary.platform.AllocatorChoice;
import io.netty.buffer.ByteBufAllocator;

/**
 * The allocator built by {@link AllocatorSelector} with the decision behind it.
 *
 * @param allocator   hand this to {@code ServerBootstrap.option/childOption(ChannelOption.ALLOCATOR, ...)}
 * @param choice      kind and reason
 * @param cap         the configured bound
 * @param enforcement how the bound is actually enforced in this process (e.g. Netty's effective limit)
 */
public record AllocatorSetup(ByteBufAllocator allocator, AllocatorChoice choice, BufferMemoryCap cap,
                             String enforcement) {}
