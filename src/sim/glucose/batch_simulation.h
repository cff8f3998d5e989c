// Many simulations (simulation.h) advanced together on the calling thread:
// up to internal::kLaneCount patients at a time share the SIMD lanes of the
// batch integrator (one patient per lane, each with its own step size and
// error control). A lane that finishes takes the next job at once, so the
// lanes stay busy until the source runs dry.
//
// Each job's records and summary are exactly those Simulate gives for the
// same patient and options (same integrator steps, same arithmetic); only
// the order in which jobs' observers are called interleaves.
//
// Threading: SimulateBatch calls the source and the observers on the calling
// thread only. Run one SimulateBatch per thread for more cores.
#pragma once

#include <cstddef>

#include "core/status.h"
#include "sim/glucose/simulation.h"

namespace mc::glucose {

struct SimulationJob {
  const VirtualPatient* patient = nullptr;  // outlives the job
  SimulationOptions options;
  SimulationObserver* observer = nullptr;   // may be null; outlives the job
  size_t id = 0;                            // the source's own label
};

class SimulationJobSource {
 public:
  virtual ~SimulationJobSource() = default;
  // Fills *job with the next simulation to run; false when there is none
  // (then it is not asked again).
  virtual bool Next(SimulationJob* job) = 0;
  // Once per job handed out, when it ends: its summary, or Simulate's error
  // for its options (a bad job fails alone).
  virtual void Done(const SimulationJob& job, StatusOr<SimulationSummary> result) = 0;
};

// Runs every job of `source` and returns when all are done.
void SimulateBatch(SimulationJobSource* source);

}  // namespace mc::glucose
