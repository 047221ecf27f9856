package org.loanmodel.warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.codec.Json;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.segments.Segment;
import org.loanmodel.segments.Segments;

/**
 * The rehearsal's requests: complete {@code POST /predict} requests for the served model's schema,
 * whatever its features. Each feature's value comes from a bin of the model's reference profile
 * picked uniformly (in every 16th request from anywhere in the accepted range, and in two of 32 just
 * below or just above the reference range) (so that both answers, every tree branch near the data,
 * the denials' reasons and the quality counters are exercised), inside the feature's accepted range: whole numbers for integer features, any code
 * for a category; amounts whole or in cents. Optional features are left out now and then, and half of the bodies carry every
 * monitoring attribute the segments define, as clients may send them.
 */
final class WarmUpRequests {
    /** Distinct requests, cycled. */
    static final int COUNT = 256;

    private WarmUpRequests() {}

    /**
     * Requests built deterministically from {@code seed}, addressed to {@code port} as a client
     * would address them; empty when the schema admits none.
     */
    static List<byte[]> of(LoanModel model, Segments segments, long seed, int port) {
        FeatureSchema schema = model.schema();
        ReferenceProfile reference = model.metadata().reference();
        List<Bins> bins = profiled(schema, reference) ? reference.features() : List.of();
        ApplicationCodec codec = new ApplicationCodec(schema);
        List<Segment> attributes =
                segments.segments().stream().filter(Segment::isAttribute).toList();
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> requests = new ArrayList<>(COUNT);
        for (int row = 0; row < COUNT; row++) {
            double[] values = new double[schema.size()];
            for (int i = 0; i < values.length; i++) {
                FeatureSpec feature = schema.feature(i);
                boolean absent = feature.optional() && (row + i) % 8 == 0;
                // Every 16th row anywhere in the accepted range, as real traffic beyond the training data is.
                Bins featureBins = bins.isEmpty() || row % 16 == 15 ? null : bins.get(i);
                double value = draw(feature, featureBins, random, row % 2 == 1);
                // And in two rows of 32 just below or above the training data, where the accepted range
                // reaches beyond it: the quality counters' branches for both sides get compiled.
                if (!bins.isEmpty() && row % 16 == 7) {
                    value = beyond(feature, bins.get(i), random, row % 32 == 7, value);
                }
                values[i] = absent ? Double.NaN : value;
            }
            LoanApplication application;
            try {
                application = LoanApplication.of(schema, values);
            } catch (InvalidInputException e) {
                continue;
            }
            boolean monitored = row % 2 == 0 && !attributes.isEmpty();
            int variant = row;
            byte[] body = Json.object(json -> {
                codec.writeFields(json, application);
                if (monitored) {
                    json.writeObjectFieldStart("monitoring");
                    for (Segment attribute : attributes) {
                        List<String> groups = configuredGroups(attribute);
                        json.writeStringField(attribute.name(), groups.get(variant % groups.size()));
                    }
                    json.writeEndObject();
                }
            });
            requests.add(request(body, port));
        }
        return requests;
    }

    /** The attribute's own values, without the reserved groups for other and absent ones. */
    private static List<String> configuredGroups(Segment attribute) {
        return attribute.groups().stream()
                .filter(group -> !group.equals(Segment.OTHER) && !group.equals(Segment.UNKNOWN))
                .toList();
    }

    /**
     * A value of the feature; numbers are whole in every other row and in cents in the rest, as
     * clients write amounts, so that the parser's paths for both are compiled.
     */
    private static double draw(FeatureSpec feature, Bins bins, SplittableRandom random, boolean whole) {
        if (feature.kind() == FeatureKind.CATEGORY) {
            return feature.categories().get(random.nextInt(feature.categories().size()));
        }
        double low = feature.min();
        double high = feature.max();
        if (bins != null) {
            // Within the reference data's range when recorded, else the accepted one.
            double from = bins.min() == null ? low : Math.max(low, bins.min());
            double to = bins.max() == null ? high : Math.min(high, bins.max());
            int bin = random.nextInt(bins.count());
            low = bin == 0 ? from : Math.max(from, bins.cuts().get(bin - 1));
            high = bin == bins.count() - 1 ? to : Math.min(to, bins.cuts().get(bin));
        }
        double value = high > low ? low + random.nextDouble() * (high - low) : low;
        if (feature.kind() == FeatureKind.NUMBER) {
            value = whole ? Math.floor(value) : Math.floor(value * 100) / 100;
        }
        if (feature.kind() == FeatureKind.INTEGER) {
            value = Math.min(Math.floor(feature.max()), Math.max(Math.ceil(feature.min()), Math.floor(value)));
        }
        return Math.min(feature.max(), Math.max(feature.min(), value));
    }

    /**
     * A value of the number just below the reference data's range ({@code below}) or just above it,
     * inside the accepted range; {@code otherwise} where the accepted range ends where the data does.
     */
    private static double beyond(
            FeatureSpec feature, Bins bins, SplittableRandom random, boolean below, double otherwise) {
        if (feature.kind() == FeatureKind.CATEGORY || !bins.hasRange()) {
            return otherwise;
        }
        if (below) {
            double value = Math.floor(feature.min() + random.nextDouble() * (bins.min() - feature.min()));
            return value >= feature.min() && value < bins.min() ? value : otherwise;
        }
        double value = Math.ceil(feature.max() - random.nextDouble() * (feature.max() - bins.max()));
        return value <= feature.max() && value > bins.max() ? value : otherwise;
    }

    /**
     * A liveness probe, {@code GET /health}, as Kubernetes sends one to every replica: its short
     * answer takes the encoder's path for bodies that fit beside the head, which no {@code /predict}
     * answer does, so a rehearsal without it left that path out of the compiled answer, and the
     * first probe after {@code /ready} threw the compiled code away.
     */
    static byte[] probe(int port) {
        return ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A complete HTTP/1.1 request for the body, kept alive as a client's would be. */
    private static byte[] request(byte[] body, int port) {
        byte[] head = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Whether the profile has bins for every feature; without them values come from the accepted ranges. */
    private static boolean profiled(FeatureSchema schema, ReferenceProfile reference) {
        return reference != null && reference.features().size() == schema.size();
    }
}
