package io.jindou.usecase;

import java.util.List;

/** The uids a sendbatch could not send to, each with why (same order, same length). */
public record SendBatchResult(List<String> failUids, List<String> reasons) {
}
