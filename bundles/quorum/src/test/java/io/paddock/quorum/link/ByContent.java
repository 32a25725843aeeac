package io.paddock.quorum.link;

import java.util.Arrays;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/** Recursive comparison that compares byte arrays whole, not one element at a time (which is slow on large data). */
final class ByContent {
    static final RecursiveComparisonConfiguration BYTES = RecursiveComparisonConfiguration.builder()
            .withComparatorForType(Arrays::compare, byte[].class)
            .build();

    private ByContent() {
    }
}
