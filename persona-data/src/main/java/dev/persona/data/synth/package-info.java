/**
 * The synthetic shop generator: {@link dev.persona.data.synth.Shop#generate} with a {@link
 * dev.persona.data.synth.ShopConfig} gives a shop whose users have hidden tastes ({@link
 * dev.persona.data.synth.UserTruth}) that their events follow; write it to files or play it into an
 * {@link dev.persona.data.ImportSink}.
 */
package dev.persona.data.synth;
