package io.granary.storage.erasure;

/** Totals of a heal of a bucket or of everything. */
public record HealReport(long objectsScanned, long healthy, long healed, long cleaned, long failed) {

    public static HealReport of(Iterable<HealResult> results) {
        long s = 0, h = 0, hd = 0, c = 0, f = 0;
        for (HealResult r : results) {
            s++;
            switch (r.state()) {
                case HEALTHY -> h++;
                case HEALED -> hd++;
                case CLEANED, ABSENT -> c++;
                case FAILED -> f++;
            }
        }
        return new HealReport(s, h, hd, c, f);
    }

    public HealReport plus(HealReport o) {
        return new HealReport(objectsScanned + o.objectsScanned, healthy + o.healthy, healed + o.healed,
                cleaned + o.cleaned, failed + o.failed);
    }

    @Override
    public String toString() {
        return objectsScanned + " objects: " + healthy + " healthy, " + healed + " healed, " + cleaned + " cleaned, "
                + failed + " failed";
    }
}
