package io.jindou.usecase;

/** {@code POST /user/token} as given: the uid, its token for {@code deviceFlag}, and the device level (1 master). */
public record TokenRequest(String uid, String token, int deviceFlag, int deviceLevel) {
}
