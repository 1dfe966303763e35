/**
 * How long the state machine waits between finAPI status checks. The CheckStatus Lambda asks a {@link
 * io.finport.domain.poll.PollPolicy} after every check and passes the answer to the Wait state's SecondsPath.
 */
package io.finport.domain.poll;
