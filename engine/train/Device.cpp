#include "engine/train/Device.h"

#include "engine/core/Error.h"
#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>
#include <torch/version.h>

namespace timbrescope::train {

c10::Device parseDevice(const std::string& name) {
    if (name == "cpu") return c10::Device(c10::kCPU);
    if (name.rfind("cuda", 0) != 0) throw Error("--device", "'" + name + "': expected cpu, cuda or cuda:N");
    if (!torch::cuda::is_available())
        throw Error("--device", "'" + name + "': CUDA is not available (this LibTorch build has no CUDA support or no GPU is visible); use cpu");
    int index = 0;
    if (name.size() > 4) {
        if (name[4] != ':') throw Error("--device", "'" + name + "': expected cuda or cuda:N");
        try {
            index = std::stoi(name.substr(5));
        } catch (const std::exception&) {
            throw Error("--device", "'" + name + "': expected cuda:N with a device number");
        }
    }
    const auto count = static_cast<int>(torch::cuda::device_count());
    if (index < 0 || index >= count) throw Error("--device", "'" + name + "': only " + std::to_string(count) + " CUDA device(s)");
    return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
}

std::string bf16TrainingUnavailable(const c10::Device& device) {
    if (!device.is_cpu()) return "bf16 training runs on the CPU path only";
    if (!models::kernels::cpuHasBf16()) return "this CPU has no AVX-512 BF16 instructions";
    return "";
}

std::vector<std::string> availableDevices() {
    std::vector<std::string> devices = {"cpu"};
    if (torch::cuda::is_available())
        for (std::size_t i = 0; i < torch::cuda::device_count(); ++i) devices.push_back("cuda:" + std::to_string(i));
    return devices;
}

std::string describeCompute() {
    const std::size_t gpus = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
    return std::string("LibTorch ") + TORCH_VERSION + " · CPU: " + std::to_string(at::get_num_threads()) + " threads, bf16 kernels " +
           (models::kernels::cpuHasBf16() ? "yes" : "no") + " · CUDA: " + (gpus == 0 ? std::string("none") : std::to_string(gpus) + " device(s)");
}

} // namespace timbrescope::train
