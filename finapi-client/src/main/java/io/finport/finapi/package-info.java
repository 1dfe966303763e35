/**
 * Hand-written client for finAPI Access V2 and Web Form 2.0.
 *
 * <p>Entry point: {@link io.finport.finapi.FinapiClient}. Failures surface as subclasses of
 * {@link io.finport.finapi.FinapiException}; their fully-qualified class names are a public contract because
 * AWS Step Functions matches Java errors by class name.
 */
package io.finport.finapi;
