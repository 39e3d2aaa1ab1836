#pragma once
// How a stylised region goes back into the photo: the blend modes and the colour preservation,
// named by the option table's `blend` and `preserve-color` choices in enum order. Plain C++
// without OpenCV (blender.h and color_transfer.h hold the arithmetic), so that the window holds
// these settings as the engine's own types.

namespace instyle {

enum class BlendMode {
    Hard,     // the paper: stylised pixels inside the mask, photo outside
    Feather,  // distance-transform alpha ramp over `featherPx` inside the mask
    Guided,   // the hard alpha refined by a guided filter on the photo (edge-aware), within the
              // feather band around the mask
    Poisson,  // gradient-domain (cv::seamlessClone) inside the mask
};

enum class ColorPreservation {
    None,
    Luminance,  // after stylisation: the stylised luminance with the photo's chroma (YCrCb)
    Histogram,  // before stylisation: the painting's colours matched to the photo's (mean and
                // covariance, a linear transform through Cholesky factors)
};

}  // namespace instyle
