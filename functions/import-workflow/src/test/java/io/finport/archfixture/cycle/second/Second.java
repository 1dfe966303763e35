package io.finport.archfixture.cycle.second;

import io.finport.archfixture.cycle.first.First;

/** Fixture for ArchitectureTest: the other half of a package cycle. */
public final class Second {
    First first;
}
