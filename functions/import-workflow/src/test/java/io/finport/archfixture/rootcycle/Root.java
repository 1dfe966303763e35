package io.finport.archfixture.rootcycle;

import io.finport.archfixture.rootcycle.leaf.Leaf;

/** Fixture for ArchitectureTest: a root package that a package below it depends on. */
public final class Root {
    Leaf leaf;
}
