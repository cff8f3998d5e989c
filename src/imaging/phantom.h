// A synthetic CT study: the 3D Shepp-Logan head phantom (Kak & Slaney's
// ellipsoids, modified intensities) sampled into axial slices and written as
// CT Image Storage instances with DCMTK. No real images anywhere: this is
// the demo data and the test data of the image archive.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mc::imaging {

struct PhantomOptions {
  std::string patient_id;    // the patient's pseudonym
  std::string patient_name;  // "Demo^Robin"
  std::string patient_birth_date = "19900101";
  std::string patient_sex = "O";
  std::string study_date = "20261101";  // YYYYMMDD
  std::string study_time = "090000";
  std::string study_description = "CT head, synthetic Shepp-Logan phantom";
  std::string accession_number = "DEMO0001";
  int slices = 64;
  int size = 256;                    // rows = columns
  double pixel_spacing_mm = 0.9375;  // 240 mm field of view at 256
  double slice_spacing_mm = 2.5;
};

// The phantom's value in Hounsfield units at (x, y, z) in millimetres from
// the centre of the head (x right, y towards the back, z up): air -1000,
// skull 1000, brain 40, ventricles 0, lesions 60-70.
double PhantomHu(double x_mm, double y_mm, double z_mm);

// One series of `slices` Part 10 files (one study, one series, instance
// numbers 1..slices from the lowest slice up), 16-bit unsigned with
// BitsStored 12 and Rescale Intercept -1024, window 40/400.
// InvalidArgument ("invalid_phantom") for sizes out of 1..1024.
StatusOr<std::vector<std::string>> MakePhantomSeries(
    const PhantomOptions& options);

}  // namespace mc::imaging
