/**
 * The papers' protocols as presets: sweep files shipped with the runner (resources
 * {@code presets/NAME.json}), each naming its source and budget, that a user selects with
 * {@code --preset NAME}, lists with {@code dvae presets}, and copies to start a variant.
 */
package io.github.dvae.experiments.preset;
