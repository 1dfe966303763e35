package io.finport.finapi;

/**
 * The end user's device, for a request made while the user is present ("PSU metadata"). finAPI passes it to the
 * bank, which then does not count an XS2A update against the four unattended accesses a day. Access V2 takes it
 * as the headers {@code PSU-IP-Address}, {@code PSU-User-Agent}, {@code PSU-Device-OS}; Web Form 2.0's background
 * update as the body field {@code userMetadata}. Personal data: never logged, never stored by the client.
 */
public record PsuMetadata(String ipAddress, String userAgent, String deviceOs) {

    @Override
    public String toString() {
        return "PsuMetadata[***]";
    }
}
