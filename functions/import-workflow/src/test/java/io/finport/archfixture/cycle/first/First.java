package io.finport.archfixture.cycle.first;

import io.finport.archfixture.cycle.second.Second;

/** Fixture for ArchitectureTest: half of a package cycle. */
public final class First {
    Second second;
}
