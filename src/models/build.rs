//! The Builds models: the download links of agent builds (`BuildModels`), the latest version
//! of each edition (`BuildEditionModel`), and a request for custom builds (`RequestBuilds`).

use crate::codec::{model, wire_enum};
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// An agent edition (`BuildEdition`).
    pub enum BuildEdition = "BuildEdition" in "MBSAPImvc.Engine.Models" {
        /// `Windows` (0).
        Windows = 0,
        /// `VirtualMachine` (1).
        VirtualMachine = 1,
        /// `MacOS` (2).
        MacOS = 2,
        /// `LinuxDeb` (3).
        LinuxDeb = 3,
        /// `LinuxRpm` (4).
        LinuxRpm = 4,
        /// `DedupServer` (5).
        DedupServer = 5,
    }
}

wire_enum! {
    /// Who a custom build is for (`BuildType`).
    pub enum BuildType = "BuildType" in "MBSAPImvc.Engine.Models" {
        /// `Custom` (0): available to end users.
        Custom = 0,
        /// `Sandbox` (1).
        Sandbox = 1,
    }
}

model! {
    /// A build available to users (`BuildModels`), as `GET /api/Builds` answers it.
    pub struct Build = "BuildModels" in ENGINE_MODELS_NS {
        /// `Type`: free text such as `Windows` or `macOS`.
        "Type" build_type: Option<String>,
        /// `Version`.
        "Version" version: Option<String>,
        /// `DownloadLink`: the installer's URL.
        "DownloadLink" download_link: Option<String>,
    }
}

model! {
    /// The latest version of an edition (`BuildEditionModel`), as
    /// `GET /api/Builds/AvailableVersions` answers it.
    pub struct EditionVersion = "BuildEditionModel" in ENGINE_MODELS_NS {
        /// `Type`: the edition.
        "Type" edition: BuildEdition,
        /// `Version`.
        "Version" version: Option<String>,
    }
}

model! {
    /// The body of `POST /api/Builds/RequestCustomBuilds` (`RequestBuilds`).
    pub struct BuildRequest = "RequestBuilds" in ENGINE_MODELS_NS {
        /// `Editions` (required): the editions to build.
        "Editions" editions: Vec<BuildEdition>,
        /// `Type` (required).
        "Type" build_type: BuildType,
    }
    check = BuildRequest::check;
}

impl BuildRequest {
    /// A request for `editions` of `build_type`.
    pub fn new(editions: Vec<BuildEdition>, build_type: BuildType) -> Self {
        BuildRequest {
            editions,
            build_type,
            extra: Default::default(),
        }
    }

    fn check(&self) -> Result<(), crate::Error> {
        if self.editions.is_empty() {
            return Err(crate::Error::invalid(
                "Editions",
                "must name at least one edition to build",
            ));
        }
        Ok(())
    }
}
