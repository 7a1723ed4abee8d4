package io.github.dvae.estimators.gumbel;

/**
 * {@code tau_t = max(tauMin, tau0 * exp(-rate * t))}, with t the optimiser step rounded down to a
 * multiple of {@code every}: the annealing schedule of Jang et al. 2017. A rate of 0 keeps the
 * temperature constant at {@code tau0}.
 */
record TemperatureSchedule(double tau0, double tauMin, double rate, int every) {

    double at(long step) {
        if (rate == 0) {
            return tau0;
        }
        long t = step / every * every;
        return Math.max(tauMin, tau0 * Math.exp(-rate * t));
    }
}
