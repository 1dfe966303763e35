package io.finport.archfixture.domain;

import java.net.http.HttpClient;

/** Fixture for ArchitectureTest: a "domain" class holding an HTTP client, which the domain rules must reject. */
public final class HttpInDomain {
    HttpClient client;
}
