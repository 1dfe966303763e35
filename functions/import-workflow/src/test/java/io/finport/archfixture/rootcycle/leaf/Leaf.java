package io.finport.archfixture.rootcycle.leaf;

import io.finport.archfixture.rootcycle.Root;

/** Fixture for ArchitectureTest: the package below, depending back on the root. */
public final class Leaf {
    Root root;
}
