package io.granary.server.platform;

import io.granary.platform.TransportOrder;

import java.util.List;

/**
 * The outcome of {@link NativeTransports#select}: the transport to use, the order that was asked for, and what
 * probing found for each candidate that was tried (candidates after the chosen one are not probed).
 */
public record TransportSelection(ChosenTransport chosen, TransportOrder order, List<TransportProbe> probes) {
    public TransportSelection {
        probes = List.copyOf(probes);
    }
}
