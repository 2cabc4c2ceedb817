/**
 * Records shared by every layer (messages, channel keys, event-bus commands), the reason codes and the one
 * domain exception. Depends on nothing else in Jindou; holds no behaviour beyond small derivations.
 */
package io.jindou.model;
