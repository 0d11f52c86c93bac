<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ko">
    <context>
        <name />
        <message>
            <source>%1월 %2일</source>
            <translation>%1/%2</translation>
        </message>
        <message>
            <source>내려받는 사유를 적어 주세요 (접속기록에 남습니다):</source>
            <translation>Why is this being downloaded? (kept in the access log):</translation>
        </message>
        <message>
            <source>사유가 비어 있습니다. 내려받는 사유를 적어 주세요:</source>
            <translation>The reason is empty. Why is this being downloaded?</translation>
        </message>
        <message>
            <source>다른 프로그램(다른 안부 창, 백업 프로그램 등)이 데이터베이스를 쓰고 있습니다. 잠시 뒤 다시 해 보세요.</source>
            <translation>Another program (another Anbu window, a backup tool…) is using the database. Try again in a moment.</translation>
        </message>
        <message>
            <source>데이터베이스 파일이 손상되었거나 안부 데이터베이스가 아닙니다. 옆에 있는 최근 백업(anbu.sqlite3.bak-*)으로 복원하세요.</source>
            <translation>The database file is damaged or is not an Anbu database. Restore the latest backup (anbu.sqlite3.bak-*) beside it.</translation>
        </message>
        <message>
            <source>데이터베이스에 기록하지 못했습니다. 아무것도 바뀌지 않았습니다. 다시 해 보고, 계속되면 관리자에게 알려 주세요 (자세한 내용은 로그에 있습니다).</source>
            <translation>Could not write to the database; nothing was changed. Try again, and tell your administrator if it keeps happening (the details are in the log).</translation>
        </message>
        <message>
            <source>예상하지 못한 오류가 났습니다 (%1). 자세한 내용은 로그에 있습니다.</source>
            <translation>Something unexpected went wrong (%1). The details are in the log.</translation>
        </message>
        <message>
            <source>서버가 이 PC의 데이터베이스 비밀번호를 거부했습니다. 운영체제 키링에 저장된 비밀번호를 확인하거나 구청 전산 담당자에게 문의하세요.</source>
            <translation>The server refused this PC's database password. Check the password kept in the OS keyring, or ask district IT.</translation>
        </message>
        <message>
            <source>서버에 안부 데이터베이스가 없습니다. 주소(URL)의 데이터베이스 이름을 확인하거나 구청 전산 담당자에게 만들어 달라고 요청하세요.</source>
            <translation>The server has no Anbu database. Check the database name in the URL, or ask district IT to create it.</translation>
        </message>
        <message>
            <source>서버와 이 PC의 암호화(TLS) 연결 설정이 맞지 않습니다. 구청 전산 담당자가 알려 준 sslmode를 주소(URL)에 넣으세요.</source>
            <translation>The server and this PC disagree on the encrypted (TLS) connection. Put the sslmode district IT gives you in the URL.</translation>
        </message>
        <message>
            <source>데이터베이스 서버에 연결할 수 없습니다 (서버가 꺼졌거나 네트워크·방화벽 문제). 서버가 돌아오면 자동으로 다시 연결합니다. 바뀐 데이터는 없습니다.</source>
            <translation>The database server cannot be reached (it is down, or the network or a firewall blocks it). Anbu reconnects by itself when it is back. No data was changed.</translation>
        </message>
        <message>
            <source>시각</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>사용자</source>
            <translation>User</translation>
        </message>
        <message>
            <source>PC / IP</source>
            <translation>PC / IP</translation>
        </message>
        <message>
            <source>가구</source>
            <translation>Household</translation>
        </message>
        <message>
            <source>작업</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>대상</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>사유</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>열람</source>
            <translation>Views</translation>
        </message>
        <message>
            <source>기록 수</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>가구 수</source>
            <translation>Households</translation>
        </message>
        <message>
            <source>야간 접속</source>
            <translation>At night</translation>
        </message>
        <message>
            <source>담당 외 열람</source>
            <translation>Not assigned</translation>
        </message>
        <message>
            <source>구분</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>건수</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>대량 내려받기</source>
            <translation>Bulk download</translation>
        </message>
        <message>
            <source>기록 없음</source>
            <translation>No record</translation>
        </message>
        <message>
            <source>방금</source>
            <translation>just now</translation>
        </message>
        <message>
            <source>%1분 전</source>
            <translation>%1 min ago</translation>
        </message>
        <message>
            <source>%1시간 전</source>
            <translation>%1 h ago</translation>
        </message>
        <message>
            <source>%1일 전</source>
            <translation>%1 d ago</translation>
        </message>
        <message>
            <source>배터리 %1%</source>
            <translation>Battery %1%</translation>
        </message>
        <message>
            <source>열림</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>닫힘</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>경보!</source>
            <translation>Alarm!</translation>
        </message>
        <message>
            <source>정상</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>회</source>
            <translation>times</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>기기</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>기기 경보</source>
            <translation>Device alerts</translation>
        </message>
        <message>
            <source>마지막 신호</source>
            <translation>Last signal</translation>
        </message>
        <message>
            <source>(데모)</source>
            <translation>(demo)</translation>
        </message>
        <message>
            <source>기기 ID</source>
            <translation>Device ID</translation>
        </message>
        <message>
            <source>종류</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>제조사</source>
            <translation>Maker</translation>
        </message>
        <message>
            <source>마지막 값</source>
            <translation>Last value</translation>
        </message>
        <message>
            <source>배터리</source>
            <translation>Battery</translation>
        </message>
        <message>
            <source>모의 회선 (simulated line)</source>
            <translation>Simulated line</translation>
        </message>
        <message>
            <source> (수동)</source>
            <translation> (manual)</translation>
        </message>
        <message>
            <source>일시중지</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>취소됨</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source> [모의]</source>
            <translation> [simulated]</translation>
        </message>
    </context>
    <context>
        <name>AccessLogWidget</name>
        <message>
            <source>사용자</source>
            <translation>User</translation>
        </message>
        <message>
            <source>가구 번호 (예: H000123)</source>
            <translation>Household (e.g. H000123)</translation>
        </message>
        <message>
            <source>모든 작업</source>
            <translation>All actions</translation>
        </message>
        <message>
            <source>조회</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>◀ 이전</source>
            <translation>◀ Previous</translation>
        </message>
        <message>
            <source>다음 ▶</source>
            <translation>Next ▶</translation>
        </message>
        <message>
            <source>기간</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>보고서 보기</source>
            <translation>Show report</translation>
        </message>
        <message>
            <source>CSV로 저장…</source>
            <translation>Save as CSV…</translation>
        </message>
        <message>
            <source>PDF로 저장…</source>
            <translation>Save as PDF…</translation>
        </message>
        <message>
            <source>점검 확인 (서명)</source>
            <translation>Sign off review</translation>
        </message>
        <message>
            <source>점검 월</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>살펴볼 접속 (야간 · 대량 내려받기 · 담당 외 열람)</source>
            <translation>Accesses to look at (night · bulk downloads · not assigned)</translation>
        </message>
        <message>
            <source>접속기록</source>
            <translation>Access log</translation>
        </message>
        <message>
            <source>월간 점검</source>
            <translation>Monthly review</translation>
        </message>
        <message>
            <source>%1–%2 / 전체 %3건</source>
            <translation>%1–%2 of %3</translation>
        </message>
        <message>
            <source>조건에 맞는 기록이 없습니다.</source>
            <translation>No rows match.</translation>
        </message>
        <message>
            <source>%1: 접속기록 %2건 · 야간 접속(22–06시) %3건 · 대량 내려받기 %4건 · 담당 외 가구 열람 %5건</source>
            <translation>%1: %2 rows · %3 at night (22–06) · %4 bulk downloads · %5 views of households not assigned to the viewer</translation>
        </message>
        <message>
            <source>점검 확인: %1 (%2)</source>
            <translation>Signed off: %1 (%2)</translation>
        </message>
        <message>
            <source>아직 점검 확인되지 않았습니다.</source>
            <translation>Not signed off yet.</translation>
        </message>
        <message>
            <source>PDF 문서 (*.pdf)</source>
            <translation>PDF documents (*.pdf)</translation>
        </message>
        <message>
            <source>CSV 파일 (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>월간 점검 보고서 저장</source>
            <translation>Save the monthly review</translation>
        </message>
        <message>
            <source>저장했습니다: %1</source>
            <translation>Saved: %1</translation>
        </message>
    </context>
    <context>
        <name>CallPlayerWidget</name>
        <message>
            <source>보존 기간이 지나 녹음을 파기했습니다.</source>
            <translation>The recording was deleted at the end of its retention period.</translation>
        </message>
        <message>
            <source>녹음 파일을 이 PC에서 찾을 수 없습니다.</source>
            <translation>The recording is not on this PC.</translation>
        </message>
        <message>
            <source>이 통화에는 녹음이 없습니다 (데모 통화나 녹음에 동의하지 않은 통화).</source>
            <translation>This call has no recording (a demo call, or no consent to recording).</translation>
        </message>
        <message>
            <source>이 PC에 소리를 낼 장치가 없습니다 — 스피커나 헤드셋을 연결하세요.</source>
            <translation>This PC has no sound output — connect speakers or a headset.</translation>
        </message>
        <message>
            <source>답변의 ▶를 누르면 그 답변 전체를, 강조된 단어를 누르면 그 부분을 듣습니다.</source>
            <translation>▶ beside an answer plays the whole answer; a highlighted word plays just that moment.</translation>
        </message>
        <message>
            <source>▶ 첫 답변 듣기</source>
            <translation>▶ Play first answer</translation>
        </message>
        <message>
            <source>녹음을 불러오는 중…</source>
            <translation>Loading the recording…</translation>
        </message>
    </context>
    <context>
        <name>CapacityLabel</name>
        <message>
            <source>{0}시간 {1}분</source>
            <translation>{0} h {1} m</translation>
        </message>
        <message>
            <source>{0}분</source>
            <translation>{0} m</translation>
        </message>
        <message>
            <source>오늘 밤: 남은 예정 전화 없음</source>
            <translation>tonight: no calls left to make</translation>
        </message>
        <message>
            <source>오늘 밤: {0}건 예정, {1}회선으로 약 {2}</source>
            <translation>tonight: {0} calls planned, about {2} at {1} lines</translation>
        </message>
        <message>
            <source>; 전사 완료 {0}</source>
            <translation>; transcription done by {0}</translation>
        </message>
        <message>
            <source>{0}–{1} {2}건 초과</source>
            <translation>{0}–{1} over by {2} calls</translation>
        </message>
        <message>
            <source>⚠ 계획이 통화 시간대에 다 들어가지 않습니다: {0} (회선을 늘리거나 시간대를 나누세요)</source>
            <translation>⚠ The plan does not fit its call windows: {0} (add lines or spread the windows)</translation>
        </message>
    </context>
    <context>
        <name>Console</name>
        <message>
            <source>안부 — 데이터베이스를 열 수 없습니다</source>
            <translation>Anbu — cannot open the database</translation>
        </message>
    </context>
    <context>
        <name>DeviceDialog</name>
        <message>
            <source>기기 교체</source>
            <translation>Replace device</translation>
        </message>
        <message>
            <source>기기 등록</source>
            <translation>Register device</translation>
        </message>
        <message>
            <source>예: 거실 천장</source>
            <translation>e.g. living-room ceiling</translation>
        </message>
        <message>
            <source>바꿀 기기</source>
            <translation>Device to replace</translation>
        </message>
        <message>
            <source>종류</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>기기 ID</source>
            <translation>Device ID</translation>
        </message>
        <message>
            <source>위치 메모</source>
            <translation>Location note</translation>
        </message>
        <message>
            <source>기기 ID를 적어 주세요 (게이트웨이가 보내는 토픽의 기기 부분).</source>
            <translation>Enter the device ID (the device part of the topic the gateway publishes to).</translation>
        </message>
    </context>
    <context>
        <name>DevicesWidget</name>
        <message>
            <source>새로고침</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>기기를 선택하면 최근 48시간 기록을 보여줍니다</source>
            <translation>Select a device to see its last 48 hours</translation>
        </message>
        <message>
            <source>가정 내 센서·돌봄 로봇</source>
            <translation>Home sensors and care robots</translation>
        </message>
        <message>
            <source>미해결 기기 경보</source>
            <translation>Open device alerts</translation>
        </message>
        <message numerus="yes">
            <source>가구 %n</source>
            <translation>
                <numerusform>%n household</numerusform>
                <numerusform>%n households</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>기기 %n</source>
            <translation>
                <numerusform>%n device</numerusform>
                <numerusform>%n devices</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>미해결 기기 경보 %n</source>
            <translation>
                <numerusform>%n open device alert</numerusform>
                <numerusform>%n open device alerts</numerusform>
            </translation>
        </message>
        <message>
            <source>미해결 경보가 없습니다</source>
            <translation>No open alerts</translation>
        </message>
        <message>
            <source>%1 (%2) — 최근 48시간 불러오는 중…</source>
            <translation>%1 (%2) — loading the last 48 hours…</translation>
        </message>
        <message>
            <source>최근 48시간 기록이 없습니다</source>
            <translation>No readings in the last 48 hours</translation>
        </message>
        <message>
            <source> (시간별 평균)</source>
            <translation> (hourly average)</translation>
        </message>
        <message>
            <source>배터리</source>
            <translation>Battery</translation>
        </message>
        <message>
            <source>불러오지 못했습니다: %1</source>
            <translation>Could not load: %1</translation>
        </message>
    </context>
    <context>
        <name>DutyRosterDialog</name>
        <message>
            <source>당직표 편집</source>
            <translation>Duty roster</translation>
        </message>
        <message>
            <source>순서</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>요일</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>시간</source>
            <translation>Hours</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>근무자</source>
            <translation>On duty</translation>
        </message>
        <message>
            <source>선택한 당직 삭제</source>
            <translation>Remove selected slot</translation>
        </message>
        <message>
            <source>(끝이 시작보다 이르면 다음 날까지, 같으면 24시간)</source>
            <translation>(an end before the start runs into the next day; the same time means 24 hours)</translation>
        </message>
        <message>
            <source>예: 야간 당직</source>
            <translation>e.g. Night duty</translation>
        </message>
        <message>
            <source>비우면 데스크 (예: 시 통합센터)</source>
            <translation>empty for a desk (e.g. the city centre)</translation>
        </message>
        <message>
            <source>당직 추가</source>
            <translation>Add slot</translation>
        </message>
        <message>
            <source>근무자 (사용자)</source>
            <translation>On duty (user)</translation>
        </message>
        <message>
            <source>닫기</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>긴급 알림은 위에서부터 이 순서로 근무 중인 당직에게 갑니다.</source>
            <translation>Urgent alerts go to whoever is on duty, in this order from the top.</translation>
        </message>
        <message>
            <source>새 당직</source>
            <translation>New slot</translation>
        </message>
        <message>
            <source>월</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>화</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>수</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>목</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>금</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>토</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>일</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>공휴일</source>
            <translation>Holidays</translation>
        </message>
        <message>
            <source>데스크</source>
            <translation>desk</translation>
        </message>
        <message>
            <source>당직표는 팀장 이상만 바꿀 수 있습니다.</source>
            <translation>Only supervisors and admins can change the duty roster.</translation>
        </message>
        <message>
            <source>요일을 하나 이상 고르세요.</source>
            <translation>Choose at least one day.</translation>
        </message>
        <message>
            <source>이름을 1–100자로 적으세요 (예: 야간 당직).</source>
            <translation>Give the slot a name of 1–100 characters (e.g. Night duty).</translation>
        </message>
        <message>
            <source>전화번호가 올바르지 않습니다: 예) 010-0000-1111</source>
            <translation>That phone number is not valid: e.g. 010-0000-1111</translation>
        </message>
        <message>
            <source>추가했습니다: %1</source>
            <translation>Added: %1</translation>
        </message>
        <message>
            <source>지울 당직을 표에서 고르세요.</source>
            <translation>Choose the slot to remove in the table.</translation>
        </message>
        <message>
            <source>삭제했습니다: %1</source>
            <translation>Removed: %1</translation>
        </message>
    </context>
    <context>
        <name>DutyRosterLabel</name>
        <message>
            <source>월</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>화</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>수</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>목</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>금</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>토</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>일</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>공휴일</source>
            <translation>holidays</translation>
        </message>
        <message>
            <source>당직표</source>
            <translation>Duty roster</translation>
        </message>
        <message>
            <source>— 비어 있음 (당직표 편집… 또는 duty set 으로 추가)</source>
            <translation>— empty (add slots with Edit duty roster… or duty set)</translation>
        </message>
        <message>
            <source>데스크</source>
            <translation>desk</translation>
        </message>
        <message>
            <source>근무 중</source>
            <translation>on duty</translation>
        </message>
        <message numerus="yes">
            <source>공백 %n곳</source>
            <translation>
                <numerusform>%n gap</numerusform>
                <numerusform>%n gaps</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>EscalationBanner</name>
        <message>
            <source>이 알림 맡기</source>
            <translation>Take this alert</translation>
        </message>
        <message>
            <source>맨 위 알림을 내가 확인한 것으로 기록합니다 (연락 단계가 멈춥니다)</source>
            <translation>Records the top alert as taken by you (the escalation stops)</translation>
        </message>
        <message>
            <source> · 확인 기한 지남</source>
            <translation> · past its deadline</translation>
        </message>
        <message numerus="yes">
            <source> 외 %n건</source>
            <translation>
                <numerusform> and %n more</numerusform>
                <numerusform> and %n more</numerusform>
            </translation>
        </message>
        <message>
            <source>긴급 알림</source>
            <translation>Urgent alert</translation>
        </message>
        <message>
            <source>누군가 맡을 때까지 표시됩니다</source>
            <translation>shown until someone takes it</translation>
        </message>
        <message>
            <source>안부 긴급 알림</source>
            <translation>Anbu urgent alert</translation>
        </message>
        <message>
            <source>알림을 맡지 못했습니다</source>
            <translation>Could not take the alert</translation>
        </message>
    </context>
    <context>
        <name>EscalationHistoryText</name>
        <message>
            <source>연락 중</source>
            <translation>escalating</translation>
        </message>
        <message>
            <source>모든 단계 완료 · 확인 대기</source>
            <translation>every step sent · waiting for someone to take it</translation>
        </message>
        <message>
            <source>확인됨</source>
            <translation>taken</translation>
        </message>
        <message>
            <source>회신 전화로 안부 확인됨</source>
            <translation>confirmed well by call-back</translation>
        </message>
        <message>
            <source>아침 검토 대기</source>
            <translation>morning queue</translation>
        </message>
        <message>
            <source>처리 완료</source>
            <translation>resolved</translation>
        </message>
        <message>
            <source>확인 기한 지남</source>
            <translation>past its deadline</translation>
        </message>
        <message>
            <source>확인 기한</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>맡은 사람</source>
            <translation>Taken by</translation>
        </message>
        <message>
            <source>다음 단계</source>
            <translation>Next step</translation>
        </message>
        <message>
            <source>긴급 연락 (에스컬레이션)</source>
            <translation>Escalation</translation>
        </message>
    </context>
    <context>
        <name>EscalationSettingsWidget</name>
        <message>
            <source>긴급 알림 단계 (에스컬레이션)</source>
            <translation>Urgent alert escalation</translation>
        </message>
        <message>
            <source> 분</source>
            <translation> min</translation>
        </message>
        <message>
            <source>먼저 어르신께 확인 전화</source>
            <translation>Call the resident back first</translation>
        </message>
        <message>
            <source>가구의 통화 허용 시간 안에서만 겁니다; 1번을 누르면 '회신 전화로 안부 확인'</source>
            <translation>Only within the household's allowed call hours; keypad 1 marks the flag 'confirmed well by call-back'</translation>
        </message>
        <message>
            <source> 초</source>
            <translation> s</translation>
        </message>
        <message>
            <source>MG… (없으면 발신 번호로 보냄)</source>
            <translation>MG… (none: sent from the from-number)</translation>
        </message>
        <message>
            <source>비우면 전화 회선의 발신 번호</source>
            <translation>empty: the phone line's from-number</translation>
        </message>
        <message>
            <source>저장</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>생명 안전: 다음 당직에게</source>
            <translation>Life-safety: next duty contact after</translation>
        </message>
        <message>
            <source>생명 안전: 열쇠 보관자에게</source>
            <translation>Life-safety: keyholders after</translation>
        </message>
        <message>
            <source>열쇠 보관자 사이 간격</source>
            <translation>Between keyholders</translation>
        </message>
        <message>
            <source>높음: 문자 뒤 전화까지</source>
            <translation>High: call after the SMS</translation>
        </message>
        <message>
            <source>중간 센서 알림</source>
            <translation>Medium sensor flags</translation>
        </message>
        <message>
            <source>확인 기한: 생명 안전</source>
            <translation>Deadline: life-safety</translation>
        </message>
        <message>
            <source>확인 기한: 높음</source>
            <translation>Deadline: high</translation>
        </message>
        <message>
            <source>확인 기한: 확인 전화 뒤</source>
            <translation>Deadline: after a call-back</translation>
        </message>
        <message>
            <source>확인 기한: 중간·낮음 (다음 업무일)</source>
            <translation>Deadline: medium/low (next office day)</translation>
        </message>
        <message>
            <source>시간대</source>
            <translation>Time zone</translation>
        </message>
        <message>
            <source>알림 전화 울림</source>
            <translation>Notification call rings</translation>
        </message>
        <message>
            <source>문자: 메시징 서비스 SID</source>
            <translation>SMS: MessagingServiceSid</translation>
        </message>
        <message>
            <source>문자: 발신 번호</source>
            <translation>SMS: from-number</translation>
        </message>
        <message>
            <source>모든 시간은 알림이 생긴 때부터입니다. 생명 안전 알림은 즉시 당직에게 문자와 전화가 가고, 어르신 확인 전화는 각 가구의 안부 확인 시간대(조용한 시간 제외) 안에서만 겁니다.</source>
            <translation>Every time counts from when the flag was raised. A life-safety flag texts and calls the duty at once; a call-back to the resident is placed only within the household's check-in hours (never in quiet hours).</translation>
        </message>
        <message>
            <source>고칠 곳이 있어 저장하지 않았습니다.</source>
            <translation>Not saved: correct the fields marked in red.</translation>
        </message>
        <message>
            <source>저장하는 중…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>저장했습니다. 다음 알림부터 적용됩니다.</source>
            <translation>Saved. It applies from the next alert.</translation>
        </message>
        <message>
            <source>오류: %1</source>
            <translation>Error: %1</translation>
        </message>
    </context>
    <context>
        <name>EvidencePlayerWidget</name>
        <message>
            <source>▶ 근거 듣기</source>
            <translation>▶ Play evidence</translation>
        </message>
        <message>
            <source>통화 녹음이 아닌 기록에 근거한 플래그입니다.</source>
            <translation>This flag comes from records, not from a call recording.</translation>
        </message>
        <message>
            <source>보존 기간이 지나 녹음을 파기했습니다.</source>
            <translation>The recording was deleted at the end of its retention period.</translation>
        </message>
        <message>
            <source>녹음 파일을 이 PC에서 찾을 수 없습니다.</source>
            <translation>The recording is not on this PC.</translation>
        </message>
        <message>
            <source>이 통화에는 녹음이 없습니다 (데모 통화나 녹음에 동의하지 않은 통화).</source>
            <translation>This call has no recording (a demo call, or no consent to recording).</translation>
        </message>
        <message>
            <source>이 PC에 소리를 낼 장치가 없습니다 — 스피커나 헤드셋을 연결하세요.</source>
            <translation>This PC has no sound output — connect speakers or a headset.</translation>
        </message>
        <message>
            <source>근거 구간 %1–%2초 (앞뒤 1초 포함). 강조된 단어를 눌러도 들을 수 있습니다.</source>
            <translation>Evidence at %1–%2 s (with 1 s either side). Click a highlighted word to hear it too.</translation>
        </message>
        <message>
            <source>녹음을 불러오는 중…</source>
            <translation>Loading the recording…</translation>
        </message>
        <message>
            <source>%1–%2초 재생 중</source>
            <translation>Playing %1–%2 s</translation>
        </message>
        <message>
            <source>재생할 수 없습니다: %1</source>
            <translation>Cannot play: %1</translation>
        </message>
        <message>
            <source>녹음을 열 수 없습니다: %1</source>
            <translation>Cannot open the recording: %1</translation>
        </message>
        <message>
            <source>■ 멈춤</source>
            <translation>■ Stop</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>안부 — 처음 실행</source>
            <translation>Anbu — first run</translation>
        </message>
        <message>
            <source>이 데이터베이스에는 아직 사용자가 없습니다. 관리자 계정을 만드세요. 관리자는 다른 사용자를 추가하고 설정을 바꿀 수 있습니다.</source>
            <translation>This database has no users yet. Create the admin account: the admin adds the other users and changes the settings.</translation>
        </message>
        <message>
            <source>사용자 이름(영문)</source>
            <translation>Username (a-z)</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>비밀번호</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>비밀번호 확인</source>
            <translation>Password again</translation>
        </message>
        <message>
            <source>관리자 만들기</source>
            <translation>Create the admin</translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>두 비밀번호가 다릅니다.</source>
            <translation>The two passwords differ.</translation>
        </message>
    </context>
    <context>
        <name>FlagDetailWidget</name>
        <message>
            <source>왼쪽 목록에서 플래그를 선택하세요.</source>
            <translation>Select a flag in the list on the left.</translation>
        </message>
        <message>
            <source>사유</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>답변 (위험 단어 강조)</source>
            <translation>Answers (risk words highlighted)</translation>
        </message>
        <message>
            <source>초</source>
            <translation>s</translation>
        </message>
        <message>
            <source>%1번째 답변</source>
            <translation>Answer %1</translation>
        </message>
        <message>
            <source>연락처</source>
            <translation>Contacts</translation>
        </message>
        <message>
            <source>본인</source>
            <translation>Resident</translation>
        </message>
        <message>
            <source>담당 복지사</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>참고</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>비상 연락처 (순서대로 연락)</source>
            <translation>Emergency contacts (call in this order)</translation>
        </message>
        <message>
            <source>열쇠 보관</source>
            <translation>has a key</translation>
        </message>
        <message>
            <source>등록된 비상 연락처가 없습니다.</source>
            <translation>No emergency contacts on record.</translation>
        </message>
        <message>
            <source>통화 시간대</source>
            <translation>Call window</translation>
        </message>
        <message>
            <source>원인</source>
            <translation>Cause</translation>
        </message>
        <message>
            <source>시도 횟수</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>마지막 연락</source>
            <translation>Last contact</translation>
        </message>
        <message>
            <source>연속</source>
            <translation>In a row</translation>
        </message>
        <message>
            <source>2주 연속 미응답</source>
            <translation>Missed two weeks in a row</translation>
        </message>
        <message>
            <source>생활 활동</source>
            <translation>Daily activity</translation>
        </message>
        <message>
            <source>안부전화 기록</source>
            <translation>Check-in calls</translation>
        </message>
        <message>
            <source>기기</source>
            <translation>Device</translation>
        </message>
        <message>
            <source>신호 없는 기기</source>
            <translation>Silent devices</translation>
        </message>
        <message>
            <source>시작 시각</source>
            <translation>Since</translation>
        </message>
        <message>
            <source>마지막 값</source>
            <translation>Last value</translation>
        </message>
        <message>
            <source>마지막 신호</source>
            <translation>Last signal</translation>
        </message>
        <message>
            <source>배터리</source>
            <translation>Battery</translation>
        </message>
        <message>
            <source>다른 기기 활동</source>
            <translation>Activity on other devices</translation>
        </message>
        <message>
            <source>기기 정보</source>
            <translation>Device details</translation>
        </message>
        <message>
            <source>담당</source>
            <translation>Assignee</translation>
        </message>
        <message>
            <source>확인</source>
            <translation>Seen</translation>
        </message>
        <message>
            <source>처리</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <source>메모</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>처리 기록</source>
            <translation>Handling</translation>
        </message>
    </context>
    <context>
        <name>FollowUpDialog</name>
        <message>
            <source>후속 연락 기록 — %1</source>
            <translation>Record a follow-up — %1</translation>
        </message>
        <message>
            <source>예: 딸과 통화, 오늘 오후 방문 예정</source>
            <translation>e.g. spoke to her daughter, visiting this afternoon</translation>
        </message>
        <message>
            <source>연락 방법</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>결과</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>메모</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>처리할 플래그</source>
            <translation>Flags this resolves</translation>
        </message>
    </context>
    <context>
        <name>HouseholdChartsWidget</name>
        <message>
            <source>%1일</source>
            <translation>%1 days</translation>
        </message>
        <message>
            <source>횟수</source>
            <translation>count</translation>
        </message>
        <message>
            <source>W, 하루 평균</source>
            <translation>W, daily mean</translation>
        </message>
        <message>
            <source>교감 횟수</source>
            <translation>interactions</translation>
        </message>
        <message>
            <source>이 기간에는 센서 기록도 안부전화도 없습니다.</source>
            <translation>No sensor readings and no calls in this period.</translation>
        </message>
        <message>
            <source>그래프 위에 마우스를 올리면 그날의 값이 나옵니다. 음영: 이 가구의 평소 범위 (앞선 8주의 같은 평일·주말).</source>
            <translation>Hover over a chart for the day's values. Shaded: this home's usual range (same weekday/weekend, 8 weeks before).</translation>
        </message>
        <message>
            <source> (평소 %1–%2)</source>
            <translation> (usual %1–%2)</translation>
        </message>
        <message>
            <source>기록 없음</source>
            <translation>no data</translation>
        </message>
    </context>
    <context>
        <name>HouseholdDevicesModel</name>
        <message>
            <source>종류</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>기기 ID</source>
            <translation>Device ID</translation>
        </message>
        <message>
            <source>위치</source>
            <translation>Location</translation>
        </message>
        <message>
            <source>배터리</source>
            <translation>Battery</translation>
        </message>
        <message>
            <source>마지막 신호</source>
            <translation>Last seen</translation>
        </message>
        <message>
            <source>상태</source>
            <translation>State</translation>
        </message>
        <message>
            <source>사용 중</source>
            <translation>in use</translation>
        </message>
        <message>
            <source>사용 중지</source>
            <translation>retired</translation>
        </message>
    </context>
    <context>
        <name>HouseholdDevicesWidget</name>
        <message>
            <source>기기 등록…</source>
            <translation>Register device…</translation>
        </message>
        <message>
            <source>교체…</source>
            <translation>Replace…</translation>
        </message>
        <message>
            <source>사용 중지</source>
            <translation>Retire</translation>
        </message>
        <message>
            <source>게이트웨이가 보낼 MQTT 토픽: %1  (내용: {"ts": ISO-8601 시각, "value": 값, "unit": 단위})</source>
            <translation>MQTT topic the gateway publishes to: %1  (payload: {"ts": ISO-8601 time, "value": value, "unit": unit})</translation>
        </message>
        <message>
            <source>기기 사용 중지</source>
            <translation>Retire device</translation>
        </message>
        <message>
            <source>%1 기기를 사용 중지할까요? 이 기기가 보내는 값은 더 받지 않습니다. 기록은 남습니다.</source>
            <translation>Retire device %1? Its readings will be refused from now on; its history stays.</translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>%1: 저장했습니다.</source>
            <translation>%1: saved.</translation>
        </message>
    </context>
    <context>
        <name>HouseholdDialog</name>
        <message>
            <source>가구 추가</source>
            <translation>Add household</translation>
        </message>
        <message>
            <source>가구 정보 수정</source>
            <translation>Edit household</translation>
        </message>
        <message>
            <source>한국어</source>
            <translation>Korean</translation>
        </message>
        <message>
            <source>영어</source>
            <translation>English</translation>
        </message>
        <message>
            <source>통화 녹음에 동의함</source>
            <translation>Agrees to call recording</translation>
        </message>
        <message>
            <source>모름</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>오늘</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>안부 확인 대상 (사용 중)</source>
            <translation>Receives check-in calls (active)</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>관계</source>
            <translation>Relationship</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>열쇠</source>
            <translation>Has key</translation>
        </message>
        <message>
            <source>알림 동의</source>
            <translation>Consents to alerts</translation>
        </message>
        <message>
            <source>응급 상황에 어르신과 연락이 닿지 않으면 이 사람에게 문자·전화로 알리는 데 동의했습니다</source>
            <translation>Agreed to be told by SMS and call when, in an emergency, the office cannot reach the resident</translation>
        </message>
        <message>
            <source>연락처 추가</source>
            <translation>Add contact</translation>
        </message>
        <message>
            <source>선택 삭제</source>
            <translation>Remove selected</translation>
        </message>
        <message>
            <source>▲ 위로</source>
            <translation>▲ Up</translation>
        </message>
        <message>
            <source>▼ 아래로</source>
            <translation>▼ Down</translation>
        </message>
        <message>
            <source>이름 *</source>
            <translation>Name *</translation>
        </message>
        <message>
            <source>전화번호 *</source>
            <translation>Phone *</translation>
        </message>
        <message>
            <source>출생연도</source>
            <translation>Birth year</translation>
        </message>
        <message>
            <source>주소</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>담당자</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>통화 언어</source>
            <translation>Call language</translation>
        </message>
        <message>
            <source>녹음 동의</source>
            <translation>Recording consent</translation>
        </message>
        <message>
            <source>상태</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>비고</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>저장</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>비상연락처 / 열쇠 보관자 (위에서부터 연락 순서)</source>
            <translation>Emergency contacts / key holders (called in order, top first)</translation>
        </message>
    </context>
    <context>
        <name>HouseholdEntry</name>
        <message>
            <source>(말 없음)</source>
            <translation>(nothing said)</translation>
        </message>
        <message>
            <source>인식 신뢰도 %1%</source>
            <translation>recognition confidence %1%</translation>
        </message>
        <message>
            <source>번호 %1 누름</source>
            <translation>pressed %1</translation>
        </message>
        <message>
            <source>사람이 직접 들어야 함</source>
            <translation>a person should listen</translation>
        </message>
        <message>
            <source>시각</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>결과</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>받은 쪽</source>
            <translation>Answered by</translation>
        </message>
        <message>
            <source>플래그</source>
            <translation>Flags</translation>
        </message>
        <message>
            <source>답변 기록이 없습니다.</source>
            <translation>No answers recorded.</translation>
        </message>
        <message>
            <source>심각도</source>
            <translation>Severity</translation>
        </message>
        <message>
            <source>출처</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>분류</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>사유</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>상태</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>담당</source>
            <translation>Assignee</translation>
        </message>
        <message>
            <source>확인</source>
            <translation>Acknowledged</translation>
        </message>
        <message>
            <source>처리</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <source>처리 메모</source>
            <translation>Resolution note</translation>
        </message>
        <message>
            <source>연락한 사람</source>
            <translation>Contacted by</translation>
        </message>
        <message>
            <source>방법</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>메모</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>처리한 플래그</source>
            <translation>Flags resolved</translation>
        </message>
        <message>
            <source>내용</source>
            <translation>What</translation>
        </message>
        <message>
            <source>바뀐 것</source>
            <translation>Changes</translation>
        </message>
    </context>
    <context>
        <name>HouseholdHeader</name>
        <message>
            <source>복사</source>
            <translation>Copy</translation>
        </message>
        <message>
            <source>전화번호를 클립보드에 복사</source>
            <translation>Copy the phone number to the clipboard</translation>
        </message>
        <message>
            <source>%1세</source>
            <translation>age %1</translation>
        </message>
        <message>
            <source>나이 모름</source>
            <translation>age unknown</translation>
        </message>
        <message>
            <source> (데모)</source>
            <translation> (demo)</translation>
        </message>
        <message>
            <source> — 관리 중지</source>
            <translation> — inactive</translation>
        </message>
        <message>
            <source>한국어</source>
            <translation>Korean</translation>
        </message>
        <message>
            <source>영어</source>
            <translation>English</translation>
        </message>
        <message>
            <source>녹음 동의 %1</source>
            <translation>recording consent %1</translation>
        </message>
        <message>
            <source>(날짜 모름)</source>
            <translation>(date unknown)</translation>
        </message>
        <message>
            <source>녹음 동의 안 함</source>
            <translation>no recording consent</translation>
        </message>
        <message>
            <source>담당 %1</source>
            <translation>worker %1</translation>
        </message>
        <message>
            <source>월</source>
            <translation>Mon </translation>
        </message>
        <message>
            <source>화</source>
            <translation>Tue </translation>
        </message>
        <message>
            <source>수</source>
            <translation>Wed </translation>
        </message>
        <message>
            <source>목</source>
            <translation>Thu </translation>
        </message>
        <message>
            <source>금</source>
            <translation>Fri </translation>
        </message>
        <message>
            <source>토</source>
            <translation>Sat </translation>
        </message>
        <message>
            <source>일</source>
            <translation>Sun </translation>
        </message>
        <message>
            <source>안부전화 %1 %2–%3</source>
            <translation>Check-ins %1%2–%3</translation>
        </message>
        <message>
            <source> (기본값 — 계획 없음)</source>
            <translation> (default — no plan)</translation>
        </message>
        <message>
            <source>재개할 때까지</source>
            <translation>until resumed</translation>
        </message>
        <message>
            <source>일시중지: %1 (%2)</source>
            <translation>paused: %1 (%2)</translation>
        </message>
        <message>
            <source>잡힌 전화 없음</source>
            <translation>none planned</translation>
        </message>
        <message>
            <source>다음 전화 %1</source>
            <translation>next call: %1</translation>
        </message>
        <message>
            <source>특이 사항 없음</source>
            <translation>Nothing needs attention</translation>
        </message>
    </context>
    <context>
        <name>HouseholdImportRunner</name>
        <message>
            <source>가구 파일을 확인하는 중…</source>
            <translation>Checking the household file…</translation>
        </message>
        <message>
            <source>CSV 가져오기</source>
            <translation>Import CSV</translation>
        </message>
        <message>
            <source>%1 가구 추가, %2 가구 수정</source>
            <translation>%1 households added, %2 updated</translation>
        </message>
    </context>
    <context>
        <name>HouseholdPage</name>
        <message>
            <source>지금 전화</source>
            <translation>Call now</translation>
        </message>
        <message>
            <source>지금 안부전화를 겁니다 (안부 실행기가 다음 순서에 겁니다)</source>
            <translation>Place a check-in call now (the runner dials it next)</translation>
        </message>
        <message>
            <source>계획 수정…</source>
            <translation>Edit plan…</translation>
        </message>
        <message>
            <source>일시중지…</source>
            <translation>Pause…</translation>
        </message>
        <message>
            <source>정보 수정…</source>
            <translation>Edit record…</translation>
        </message>
        <message>
            <source>후속 연락 기록…</source>
            <translation>Record follow-up…</translation>
        </message>
        <message>
            <source>기록</source>
            <translation>Timeline</translation>
        </message>
        <message>
            <source>생활 그래프</source>
            <translation>Activity charts</translation>
        </message>
        <message>
            <source>비상연락처</source>
            <translation>Keyholders</translation>
        </message>
        <message>
            <source>기기</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>재개</source>
            <translation>Resume</translation>
        </message>
        <message>
            <source>가구 기록</source>
            <translation>Household record</translation>
        </message>
        <message>
            <source>안부전화를 요청했습니다. 안부 실행기가 곧 겁니다.</source>
            <translation>Call requested. The runner will dial it shortly.</translation>
        </message>
        <message>
            <source>안부전화 일시중지</source>
            <translation>Pause check-in calls</translation>
        </message>
        <message>
            <source>일시중지 사유 (예: 입원, 가족 방문)</source>
            <translation>Reason for the pause (e.g. in hospital, family visit)</translation>
        </message>
        <message>
            <source>사유를 적어야 일시중지합니다.</source>
            <translation>Give a reason to pause.</translation>
        </message>
        <message>
            <source>비상연락처 %1에게 전화</source>
            <translation>Phoned keyholder %1</translation>
        </message>
    </context>
    <context>
        <name>HouseholdTimeline</name>
        <message>
            <source>플래그</source>
            <translation>Flag</translation>
        </message>
        <message>
            <source>후속 연락</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>계획 변경</source>
            <translation>Plan change</translation>
        </message>
        <message>
            <source>계획 수정</source>
            <translation>plan changed</translation>
        </message>
        <message>
            <source>일시중지</source>
            <translation>paused</translation>
        </message>
        <message>
            <source>재개</source>
            <translation>resumed</translation>
        </message>
        <message>
            <source>지금 전화 요청</source>
            <translation>call-now requested</translation>
        </message>
        <message>
            <source>SOS 호출</source>
            <translation>SOS call</translation>
        </message>
        <message>
            <source>복약 알림 놓침</source>
            <translation>medication reminder missed</translation>
        </message>
    </context>
    <context>
        <name>HouseholdsWidget</name>
        <message>
            <source>이름, 전화번호, 동, 주소로 검색</source>
            <translation>Search by name, phone, dong or address</translation>
        </message>
        <message>
            <source>가구 추가</source>
            <translation>Add household</translation>
        </message>
        <message>
            <source>가구 정보 수정</source>
            <translation>Edit household</translation>
        </message>
        <message>
            <source>CSV 가져오기</source>
            <translation>Import CSV</translation>
        </message>
        <message>
            <source>CSV 내보내기</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>주소</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>담당자</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>출생연도</source>
            <translation>Birth year</translation>
        </message>
        <message>
            <source>녹음 동의</source>
            <translation>Consent</translation>
        </message>
        <message>
            <source>중지</source>
            <translation>Inactive</translation>
        </message>
        <message>
            <source>검색어가 너무 깁니다 (%1자 이내)</source>
            <translation>Search text is too long (at most %1 characters)</translation>
        </message>
        <message numerus="yes">
            <source>%n 가구</source>
            <translation>
                <numerusform>%n household</numerusform>
                <numerusform>%n households</numerusform>
            </translation>
        </message>
        <message>
            <source>가구 목록</source>
            <translation>Households</translation>
        </message>
        <message>
            <source>가구 CSV 가져오기</source>
            <translation>Import households from CSV</translation>
        </message>
        <message>
            <source>CSV 파일 (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>가구 CSV 내보내기</source>
            <translation>Export households to CSV</translation>
        </message>
        <message>
            <source>가구 목록 내보내기</source>
            <translation>Export of the household list</translation>
        </message>
        <message numerus="yes">
            <source>%n 가구를 저장했습니다.</source>
            <translation>
                <numerusform>Saved %n household.</numerusform>
                <numerusform>Saved %n households.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ImportReportDialog</name>
        <message>
            <source>가져오기 실패 — 아무것도 저장되지 않았습니다</source>
            <translation>Import failed — nothing was saved</translation>
        </message>
        <message numerus="yes">
            <source>문제 %n건 때문에 파일 전체를 가져오지 않았습니다. 고친 뒤 다시 가져오세요.</source>
            <translation>
                <numerusform>%n problem, so nothing in the file was imported. Fix it and import again.</numerusform>
                <numerusform>%n problems, so nothing in the file was imported. Fix them and import again.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>… 그 밖에 %n건. 열과 이유별 모든 문제:</source>
            <translation>
                <numerusform>… %n more. All problems by column and reason:</numerusform>
                <numerusform>… %n more. All problems by column and reason:</numerusform>
            </translation>
        </message>
        <message>
            <source>%1건 × %2 열: %3</source>
            <translation>%1 × column %2: %3</translation>
        </message>
        <message numerus="yes">
            <source>… 그 밖의 문제 %n가지</source>
            <translation>
                <numerusform>… and %n other kind of problem</numerusform>
                <numerusform>… and %n other kinds of problem</numerusform>
            </translation>
        </message>
        <message>
            <source>%1행: %2</source>
            <translation>Line %1: %2</translation>
        </message>
        <message>
            <source>%1행, %2 열: %3</source>
            <translation>Line %1, column %2: %3</translation>
        </message>
        <message>
            <source>번호</source>
            <translation>id</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>주소</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>담당자</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>출생연도</source>
            <translation>Birth year</translation>
        </message>
        <message>
            <source>녹음동의</source>
            <translation>Consent</translation>
        </message>
        <message>
            <source>비고</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>동의일</source>
            <translation>Consent date</translation>
        </message>
        <message>
            <source>Excel에서 '다른 이름으로 저장 → CSV UTF-8'로 다시 저장한 뒤 가져오세요.</source>
            <translation>Save it again as 'CSV UTF-8' in Excel (Save As → CSV UTF-8) and import that.</translation>
        </message>
        <message>
            <source>UTF-16 형식의 파일입니다.</source>
            <translation>The file is UTF-16 text.</translation>
        </message>
        <message>
            <source>UTF-8 표시로 시작하지만 %1번째 바이트가 UTF-8이 아닙니다.</source>
            <translation>The file starts with a UTF-8 mark but byte %1 is not UTF-8.</translation>
        </message>
        <message>
            <source>UTF-8도 CP949도 아닌 파일입니다 (%1번째 바이트).</source>
            <translation>The file is neither UTF-8 nor CP949 (byte %1).</translation>
        </message>
        <message>
            <source>UTF-8도 한국어 CP949도 아닌 파일입니다 (Shift-JIS나 Latin-1 같은 다른 인코딩일 수 있습니다).</source>
            <translation>The file is neither UTF-8 nor Korean CP949 text (perhaps another encoding, such as Shift-JIS or Latin-1).</translation>
        </message>
        <message>
            <source>파일을 읽을 수 없습니다. 파일이 있는지, 다른 프로그램이 열고 있지 않은지 확인하세요.</source>
            <translation>The file cannot be read. Check that it exists and that no other program has it open.</translation>
        </message>
        <message>
            <source>빈 파일입니다.</source>
            <translation>The file is empty.</translation>
        </message>
        <message>
            <source>CSV 파일로 읽을 수 없습니다.</source>
            <translation>The file cannot be read as CSV.</translation>
        </message>
        <message>
            <source>CSV 형식이 깨진 행입니다 (닫히지 않은 따옴표나 너무 긴 칸이 있는지 확인하세요).</source>
            <translation>A broken CSV row (look for an unclosed quote or an overlong cell).</translation>
        </message>
        <message>
            <source>알 수 없는 열입니다. 쓸 수 있는 열: %1</source>
            <translation>Unknown column. Accepted columns: %1</translation>
        </message>
        <message>
            <source>같은 열이 두 번 있습니다.</source>
            <translation>The column appears twice.</translation>
        </message>
        <message>
            <source>꼭 필요한 열이 없습니다.</source>
            <translation>A required column is missing.</translation>
        </message>
        <message>
            <source>가구 번호 %1이(가) %2행에도 있습니다 (한 가구가 두 행에 있음).</source>
            <translation>Household id %1 is also on line %2 (one household, two rows).</translation>
        </message>
        <message>
            <source>'%1'은(는) 가구 번호(정수)가 아닙니다.</source>
            <translation>'%1' is not a household id (a whole number).</translation>
        </message>
        <message>
            <source>'%1'은(는) 연도가 아닙니다.</source>
            <translation>'%1' is not a year.</translation>
        </message>
        <message>
            <source>'%1'은(는) 예/아니오가 아닙니다.</source>
            <translation>'%1' is not yes/no.</translation>
        </message>
        <message>
            <source>'%1'은(는) 날짜가 아닙니다 (YYYY-MM-DD, 모르면 비우거나 '모름').</source>
            <translation>'%1' is not a date (YYYY-MM-DD; leave it empty or write 모름 when unknown).</translation>
        </message>
        <message>
            <source>머리글만 있고 가구가 없습니다.</source>
            <translation>The file has a header but no households.</translation>
        </message>
        <message>
            <source>전화번호 %1이(가) %2행에도 있습니다 (전화번호 중복).</source>
            <translation>Phone number %1 is also on line %2 (duplicate phone number).</translation>
        </message>
        <message>
            <source>전화번호 %1은(는) 이미 가구 %2에 등록되어 있습니다.</source>
            <translation>Phone number %1 is already registered to household %2.</translation>
        </message>
    </context>
    <context>
        <name>KeyholdersModel</name>
        <message>
            <source>순서</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>관계</source>
            <translation>Relation</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>열쇠</source>
            <translation>Key</translation>
        </message>
        <message>
            <source>알림 동의</source>
            <translation>Alert consent</translation>
        </message>
        <message>
            <source>있음</source>
            <translation>has a key</translation>
        </message>
        <message>
            <source>동의</source>
            <translation>consents</translation>
        </message>
        <message>
            <source>미동의</source>
            <translation>no consent</translation>
        </message>
    </context>
    <context>
        <name>KeyholdersWidget</name>
        <message>
            <source>위로</source>
            <translation>Up</translation>
        </message>
        <message>
            <source>아래로</source>
            <translation>Down</translation>
        </message>
        <message>
            <source>연락함</source>
            <translation>Called</translation>
        </message>
        <message>
            <source>이 비상연락처와 통화한 결과를 후속 연락으로 기록합니다</source>
            <translation>Record the call with this keyholder as a follow-up</translation>
        </message>
        <message>
            <source>전화할 순서대로 (1번부터)</source>
            <translation>In calling order (1 first)</translation>
        </message>
        <message>
            <source>순서를 저장하는 중…</source>
            <translation>Saving the order…</translation>
        </message>
        <message>
            <source>순서를 저장했습니다.</source>
            <translation>Order saved.</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>담당 공무원</source>
            <translation>Social worker</translation>
        </message>
        <message>
            <source>팀장</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>관리자</source>
            <translation>Admin</translation>
        </message>
        <message>
            <source>긴급</source>
            <translation>Urgent</translation>
        </message>
        <message>
            <source>주의</source>
            <translation>Caution</translation>
        </message>
        <message>
            <source>낮음</source>
            <translation>Low</translation>
        </message>
        <message>
            <source>신규</source>
            <translation>New</translation>
        </message>
        <message>
            <source>확인됨</source>
            <translation>Seen</translation>
        </message>
        <message>
            <source>처리됨</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <source>안부전화</source>
            <translation>Call</translation>
        </message>
        <message>
            <source>전화 미응답</source>
            <translation>Missed calls</translation>
        </message>
        <message>
            <source>센서</source>
            <translation>Sensor</translation>
        </message>
        <message>
            <source>돌봄 로봇</source>
            <translation>Care robot</translation>
        </message>
        <message>
            <source>응급</source>
            <translation>Emergency</translation>
        </message>
        <message>
            <source>자해 위험</source>
            <translation>Self-harm risk</translation>
        </message>
        <message>
            <source>건강·복약</source>
            <translation>Health &amp; medication</translation>
        </message>
        <message>
            <source>식사</source>
            <translation>Meals</translation>
        </message>
        <message>
            <source>정서</source>
            <translation>Emotional</translation>
        </message>
        <message>
            <source>생활 환경</source>
            <translation>Living conditions</translation>
        </message>
        <message>
            <source>도움 요청</source>
            <translation>Asked for help</translation>
        </message>
        <message>
            <source>직접 들어볼 통화</source>
            <translation>Call to listen to</translation>
        </message>
        <message>
            <source>안부전화 미응답</source>
            <translation>Missed check-ins</translation>
        </message>
        <message>
            <source>활동 없음</source>
            <translation>No activity</translation>
        </message>
        <message>
            <source>현관문 미사용</source>
            <translation>Door not used</translation>
        </message>
        <message>
            <source>실내 온도</source>
            <translation>Indoor temp.</translation>
        </message>
        <message>
            <source>전력 변화 없음</source>
            <translation>Flat power use</translation>
        </message>
        <message>
            <source>기기 점검</source>
            <translation>Device check</translation>
        </message>
        <message>
            <source>로봇 교감 없음</source>
            <translation>No robot interaction</translation>
        </message>
        <message>
            <source>생활 변화 추세</source>
            <translation>Change over weeks</translation>
        </message>
        <message>
            <source>방문 확인</source>
            <translation>Visited</translation>
        </message>
        <message>
            <source>전화 확인</source>
            <translation>Reached by phone</translation>
        </message>
        <message>
            <source>119 신고</source>
            <translation>Called 119</translation>
        </message>
        <message>
            <source>오경보</source>
            <translation>False alarm</translation>
        </message>
        <message>
            <source>생존 신호 확인(자동)</source>
            <translation>Sign of life (automatic)</translation>
        </message>
        <message>
            <source>양호</source>
            <translation>Well</translation>
        </message>
        <message>
            <source>위험 신호</source>
            <translation>Risk signs</translation>
        </message>
        <message>
            <source>확인 필요</source>
            <translation>Needs review</translation>
        </message>
        <message>
            <source>받지 않음</source>
            <translation>No answer</translation>
        </message>
        <message>
            <source>통화 중</source>
            <translation>Line busy</translation>
        </message>
        <message>
            <source>자동응답</source>
            <translation>Voicemail</translation>
        </message>
        <message>
            <source>받았으나 말 없음</source>
            <translation>Answered, silent</translation>
        </message>
        <message>
            <source>연결 실패</source>
            <translation>Could not connect</translation>
        </message>
        <message>
            <source>걸지 못함</source>
            <translation>Not placed</translation>
        </message>
        <message>
            <source>없는 번호</source>
            <translation>Invalid number</translation>
        </message>
        <message>
            <source>중지됨</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>계획 변경</source>
            <translation>Plan changed</translation>
        </message>
        <message>
            <source>대기</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>진행 중</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>재시도 대기</source>
            <translation>Waiting to retry</translation>
        </message>
        <message>
            <source>완료</source>
            <translation>Completed</translation>
        </message>
        <message>
            <source>미응답</source>
            <translation>Missed</translation>
        </message>
        <message>
            <source>실패</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>건너뜀</source>
            <translation>Skipped</translation>
        </message>
        <message>
            <source>정기</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>수동</source>
            <translation>Manual</translation>
        </message>
        <message>
            <source>걸 준비</source>
            <translation>Ready to dial</translation>
        </message>
        <message>
            <source>거는 중</source>
            <translation>Dialing</translation>
        </message>
        <message>
            <source>통화 진행 중</source>
            <translation>Call in progress</translation>
        </message>
        <message>
            <source>통화 끝</source>
            <translation>Call ended</translation>
        </message>
        <message>
            <source>녹음 받음</source>
            <translation>Recording saved</translation>
        </message>
        <message>
            <source>전사 대기</source>
            <translation>Waiting for transcription</translation>
        </message>
        <message>
            <source>전사 대기 (원격 녹음 삭제 실패)</source>
            <translation>Waiting for transcription (remote copy not deleted)</translation>
        </message>
        <message>
            <source>전사 대기 (원격 녹음 보관)</source>
            <translation>Waiting for transcription (remote copy kept)</translation>
        </message>
        <message>
            <source>분석 중</source>
            <translation>Analyzing</translation>
        </message>
        <message>
            <source>분석 끝</source>
            <translation>Analyzed</translation>
        </message>
        <message>
            <source>끝</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>사람</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>자동응답기</source>
            <translation>Answering machine</translation>
        </message>
        <message>
            <source>알 수 없음</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>동작 감지</source>
            <translation>Motion sensor</translation>
        </message>
        <message>
            <source>현관문</source>
            <translation>Front door</translation>
        </message>
        <message>
            <source>온도</source>
            <translation>Temperature</translation>
        </message>
        <message>
            <source>습도</source>
            <translation>Humidity</translation>
        </message>
        <message>
            <source>스마트 플러그</source>
            <translation>Smart plug</translation>
        </message>
        <message>
            <source>연기 감지</source>
            <translation>Smoke detector</translation>
        </message>
        <message>
            <source>가스 감지</source>
            <translation>Gas detector</translation>
        </message>
        <message>
            <source>응급 버튼</source>
            <translation>Emergency button</translation>
        </message>
        <message>
            <source>본인 통화</source>
            <translation>Phoned the resident</translation>
        </message>
        <message>
            <source>비상연락처 통화</source>
            <translation>Phoned a keyholder</translation>
        </message>
        <message>
            <source>방문</source>
            <translation>Visit</translation>
        </message>
        <message>
            <source>119/112 신고</source>
            <translation>Called 119/112</translation>
        </message>
        <message>
            <source>유관 기관</source>
            <translation>Other agency</translation>
        </message>
        <message>
            <source>기타 연락</source>
            <translation>Other contact</translation>
        </message>
        <message>
            <source>연락됨·양호</source>
            <translation>Reached, well</translation>
        </message>
        <message>
            <source>연락됨·도움 필요</source>
            <translation>Reached, needs help</translation>
        </message>
        <message>
            <source>연락 안 됨</source>
            <translation>Not reached</translation>
        </message>
        <message>
            <source>입원</source>
            <translation>Hospitalised</translation>
        </message>
        <message>
            <source>이사</source>
            <translation>Moved away</translation>
        </message>
        <message>
            <source>사망</source>
            <translation>Deceased</translation>
        </message>
        <message>
            <source>연락 거부</source>
            <translation>Refused contact</translation>
        </message>
        <message>
            <source>긴급 플래그</source>
            <translation>Urgent flags</translation>
        </message>
        <message>
            <source>연락두절</source>
            <translation>Unreachable</translation>
        </message>
        <message>
            <source>플래그</source>
            <translation>Flags</translation>
        </message>
        <message>
            <source>기기 무응답</source>
            <translation>Device silent</translation>
        </message>
        <message>
            <source>배터리 부족</source>
            <translation>Low battery</translation>
        </message>
        <message>
            <source>안부전화 중지</source>
            <translation>Check-ins paused</translation>
        </message>
        <message>
            <source>안부전화 계획 없음</source>
            <translation>No check-in plan</translation>
        </message>
        <message>
            <source>기록 없음</source>
            <translation>No record</translation>
        </message>
        <message>
            <source>없음</source>
            <translation>None</translation>
        </message>
        <message>
            <source>%1 PC (프로세스 %2)</source>
            <translation>%1 PC (process %2)</translation>
        </message>
        <message numerus="yes">
            <source>긴급 플래그 %n</source>
            <translation>
                <numerusform>%n urgent flag</numerusform>
                <numerusform>%n urgent flags</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 플래그 %n</source>
            <translation>
                <numerusform>%n %1 flag</numerusform>
                <numerusform>%n %1 flags</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>연락두절: 안부전화 %n회 미응답</source>
            <translation>
                <numerusform>Unreachable: %n check-in missed</numerusform>
                <numerusform>Unreachable: %n check-ins missed</numerusform>
            </translation>
        </message>
        <message>
            <source>활동 없음 %1시간</source>
            <translation>No activity for %1 h</translation>
        </message>
        <message numerus="yes">
            <source>안부전화 미응답 %n회</source>
            <translation>
                <numerusform>%n missed check-in</numerusform>
                <numerusform>%n missed check-ins</numerusform>
            </translation>
        </message>
        <message>
            <source>기기 무응답 %1시간</source>
            <translation>Device silent for %1 h</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>안부 — 로그인</source>
            <translation>Anbu — sign in</translation>
        </message>
        <message>
            <source>안부 콘솔에 로그인하세요.</source>
            <translation>Sign in to the Anbu console.</translation>
        </message>
        <message>
            <source>사용자 이름</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>비밀번호</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>로그인</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>사용자 이름과 비밀번호를 입력하세요.</source>
            <translation>Enter your username and password.</translation>
        </message>
        <message>
            <source>확인하는 중…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>비밀번호를 %1번 틀려 계정이 잠겼습니다. %2 이후에 다시 시도하거나 관리자에게 비밀번호 초기화를 요청하세요.</source>
            <translation>The account is locked after %1 wrong passwords. Try again after %2, or ask an admin to reset the password.</translation>
        </message>
        <message>
            <source>사용 중지된 계정입니다. 관리자에게 문의하세요.</source>
            <translation>This account is disabled. Ask an admin.</translation>
        </message>
        <message>
            <source>사용자 이름 또는 비밀번호가 틀렸습니다. %1번 더 틀리면 %2분 동안 잠깁니다.</source>
            <translation>Wrong username or password. %1 more wrong tries lock the account for %2 minutes.</translation>
        </message>
        <message>
            <source>사용자 이름 또는 비밀번호가 틀렸습니다.</source>
            <translation>Wrong username or password.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>안부 — 안부 확인 콘솔</source>
            <translation>Anbu — check-in console</translation>
        </message>
        <message>
            <source>전체 현황</source>
            <translation>Overview</translation>
        </message>
        <message>
            <source>가구</source>
            <translation>Households</translation>
        </message>
        <message>
            <source>검토</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>일정</source>
            <translation>Schedule</translation>
        </message>
        <message>
            <source>기기</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>보고서</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>접속기록</source>
            <translation>Access log</translation>
        </message>
        <message>
            <source>설정</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>녹음 파일 전사…</source>
            <translation>Transcribe recordings…</translation>
        </message>
        <message>
            <source>새로 고침</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>데이터베이스: %1</source>
            <translation>Database: %1</translation>
        </message>
        <message>
            <source>로그인한 사용자: %1</source>
            <translation>Signed in as %1</translation>
        </message>
        <message>
            <source>로그아웃</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>언어 변경은 다시 시작하면 적용됩니다. / Restart Anbu to switch the language.</source>
            <translation>Restart Anbu to switch the language.</translation>
        </message>
        <message>
            <source>전사할 녹음 파일</source>
            <translation>Recordings to transcribe</translation>
        </message>
        <message>
            <source>WAV 녹음 (*.wav)</source>
            <translation>WAV recordings (*.wav)</translation>
        </message>
        <message>
            <source>뒤로</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>앞으로</source>
            <translation>Forward</translation>
        </message>
        <message>
            <source>데모 데이터입니다 — 실제 주민 정보가 아닙니다.</source>
            <translation>Demo data — these are not real residents.</translation>
        </message>
    </context>
    <context>
        <name>MqttSettingsWidget</name>
        <message>
            <source>센서·로봇 MQTT 브로커</source>
            <translation>MQTT broker for sensors and robots</translation>
        </message>
        <message>
            <source>비워 두면 익명 연결</source>
            <translation>Leave empty to connect anonymously</translation>
        </message>
        <message>
            <source>TLS로 연결 (브로커 인증서 확인)</source>
            <translation>Connect with TLS (verify the broker's certificate)</translation>
        </message>
        <message>
            <source>비워 두면 시스템 CA</source>
            <translation>Leave empty for the system's CAs</translation>
        </message>
        <message>
            <source>브로커가 요구할 때만</source>
            <translation>Only if the broker asks for one</translation>
        </message>
        <message>
            <source>인증서 파일에 키가 없을 때만</source>
            <translation>Only if the key is not in the certificate file</translation>
        </message>
        <message>
            <source>저장</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>연결 테스트</source>
            <translation>Test connection</translation>
        </message>
        <message>
            <source>호스트</source>
            <translation>Host</translation>
        </message>
        <message>
            <source>포트</source>
            <translation>Port</translation>
        </message>
        <message>
            <source>사용자 이름</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>비밀번호</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>TLS</source>
            <translation>TLS</translation>
        </message>
        <message>
            <source>CA 인증서</source>
            <translation>CA certificate</translation>
        </message>
        <message>
            <source>클라이언트 인증서</source>
            <translation>Client certificate</translation>
        </message>
        <message>
            <source>클라이언트 키</source>
            <translation>Client key</translation>
        </message>
        <message>
            <source>찾아보기…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>인증서 파일 선택</source>
            <translation>Choose a certificate file</translation>
        </message>
        <message>
            <source>인증서 (*.pem *.crt *.key);;모든 파일 (*)</source>
            <translation>Certificates (*.pem *.crt *.key);;All files (*)</translation>
        </message>
        <message>
            <source>OS 키링에 저장됨 — 바꾸려면 새 비밀번호를 입력하세요</source>
            <translation>Stored in the OS keyring — type a new password to change it</translation>
        </message>
        <message>
            <source>입력하면 OS 키링에만 저장됩니다 (DB·파일에는 저장하지 않음)</source>
            <translation>Kept only in the OS keyring (never in the database or files)</translation>
        </message>
        <message>
            <source>환경 변수 ANBU_MQTT_PASSWORD가 키링보다 우선합니다.</source>
            <translation>The environment variable ANBU_MQTT_PASSWORD takes precedence over the keyring.</translation>
        </message>
        <message>
            <source>키링: %1</source>
            <translation>Keyring: %1</translation>
        </message>
        <message>
            <source>사용할 수 있는 OS 키링이 없습니다. 환경 변수 ANBU_MQTT_PASSWORD를 설정하세요. (%1)</source>
            <translation>No usable OS keyring. Set the environment variable ANBU_MQTT_PASSWORD. (%1)</translation>
        </message>
        <message>
            <source>저장 중…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>저장했습니다. 실행 중인 ingest는 다시 시작해야 적용됩니다.</source>
            <translation>Saved. Restart a running ingest for it to take effect.</translation>
        </message>
        <message>
            <source>브로커에 연결하는 중…</source>
            <translation>Connecting to the broker…</translation>
        </message>
        <message>
            <source>연결 성공: %1</source>
            <translation>Connected: %1</translation>
        </message>
        <message>
            <source>연결 실패: %1</source>
            <translation>Connection failed: %1</translation>
        </message>
        <message>
            <source>오류: %1</source>
            <translation>Error: %1</translation>
        </message>
    </context>
    <context>
        <name>OverviewTableModel</name>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>확인할 이유</source>
            <translation>Why</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>담당자</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>최근 안부 전화</source>
            <translation>Last check-in call</translation>
        </message>
        <message>
            <source>미처리 플래그</source>
            <translation>Open flags</translation>
        </message>
        <message>
            <source>센서</source>
            <translation>Sensors</translation>
        </message>
        <message>
            <source>로봇</source>
            <translation>Robot</translation>
        </message>
    </context>
    <context>
        <name>OverviewWidget</name>
        <message>
            <source>이름, 동, 담당자로 찾기</source>
            <translation>Find by name, dong or case worker</translation>
        </message>
        <message numerus="yes">
            <source>가구 %n</source>
            <translation>
                <numerusform>%n household</numerusform>
                <numerusform>%n households</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>미처리 플래그 있는 가구 %n</source>
            <translation>
                <numerusform>%n household with open flags</numerusform>
                <numerusform>%n households with open flags</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>긴급 %n</source>
            <translation>
                <numerusform>%n urgent</numerusform>
                <numerusform>%n urgent</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>연락두절 %n</source>
            <translation>
                <numerusform>%n unreachable</numerusform>
                <numerusform>%n unreachable</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>최근 24시간 통화 %n</source>
            <translation>
                <numerusform>%n call in the last 24 h</numerusform>
                <numerusform>%n calls in the last 24 h</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>기기 %n</source>
            <translation>
                <numerusform>%n device</numerusform>
                <numerusform>%n devices</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlanEditDialog</name>
        <message>
            <source>안부전화 계획 — {0} {1}</source>
            <translation>Check-in plan — {0} {1}</translation>
        </message>
        <message>
            <source>월</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>화</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>수</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>목</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>금</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>토</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>일</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>일시중지 (입원, 외출 등)</source>
            <translation>Paused (hospital stay, away, etc.)</translation>
        </message>
        <message>
            <source>사유 (예: 입원)</source>
            <translation>Reason (e.g. hospital stay)</translation>
        </message>
        <message>
            <source>해제할 때까지</source>
            <translation>Until resumed</translation>
        </message>
        <message>
            <source>요일</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>통화 시간대</source>
            <translation>Call window</translation>
        </message>
        <message>
            <source>사유</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>재개 날짜</source>
            <translation>Resume on</translation>
        </message>
    </context>
    <context>
        <name>ReadOnlyBanner</name>
        <message>
            <source>서버에 연결할 수 없습니다 — 읽기 전용</source>
            <translation>Cannot reach the server — read-only</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>사유 입력</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>%1 사유를 적어 주세요. 접근 기록에 남습니다.</source>
            <translation>Please give the reason for this %1. It is kept in the access log.</translation>
        </message>
        <message>
            <source>예: 구청 주간 보고</source>
            <translation>e.g. weekly report to the district office</translation>
        </message>
    </context>
    <context>
        <name>ReportsWidget</name>
        <message>
            <source>주간</source>
            <translation>Week</translation>
        </message>
        <message>
            <source>월간</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>기간 지정</source>
            <translation>Date range</translation>
        </message>
        <message>
            <source>모든 동</source>
            <translation>All dongs</translation>
        </message>
        <message>
            <source>모든 담당자</source>
            <translation>All workers</translation>
        </message>
        <message>
            <source>보고서 만들기</source>
            <translation>Make report</translation>
        </message>
        <message>
            <source>Excel 내보내기</source>
            <translation>Export Excel</translation>
        </message>
        <message>
            <source>PDF 내보내기</source>
            <translation>Export PDF</translation>
        </message>
        <message>
            <source>행복이음 CSV</source>
            <translation>Haengbok-eum CSV</translation>
        </message>
        <message>
            <source>인쇄…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>항목</source>
            <translation>Measure</translation>
        </message>
        <message>
            <source>이번 기간</source>
            <translation>This period</translation>
        </message>
        <message>
            <source>지난 기간</source>
            <translation>Previous period</translation>
        </message>
        <message>
            <source>구분</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>건수</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>가구 번호</source>
            <translation>Household</translation>
        </message>
        <message>
            <source>동</source>
            <translation>Dong</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>담당자</source>
            <translation>Case worker</translation>
        </message>
        <message>
            <source>전화번호</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>사유</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>미응답</source>
            <translation>Missed</translation>
        </message>
        <message>
            <source>날짜별 전화</source>
            <translation>Calls by day</translation>
        </message>
        <message>
            <source>본인 응답</source>
            <translation>Answered</translation>
        </message>
        <message>
            <source>날짜별 위험 신호</source>
            <translation>Flags by day</translation>
        </message>
        <message>
            <source>위험 신호</source>
            <translation>Risk signs</translation>
        </message>
        <message>
            <source>위험 신호·처리</source>
            <translation>Flags and outcomes</translation>
        </message>
        <message>
            <source>두 번 누르거나 Enter: 가구 화면 열기</source>
            <translation>Double-click or Enter: open the household</translation>
        </message>
        <message>
            <source>미확인 가구</source>
            <translation>Not contacted</translation>
        </message>
        <message>
            <source>기간</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>보고서</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>미확인 가구 (%1)</source>
            <translation>Not contacted (%1)</translation>
        </message>
        <message>
            <source>출처</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>유형</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>긴급도</source>
            <translation>Severity</translation>
        </message>
        <message>
            <source>처리 결과</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>후속 연락</source>
            <translation>Follow-ups</translation>
        </message>
        <message>
            <source>기기 경보</source>
            <translation>Device alerts</translation>
        </message>
        <message>
            <source>비상 연락 · 보낸 알림</source>
            <translation>Escalation · alerts sent</translation>
        </message>
        <message>
            <source>비상 연락 · 확인 경로</source>
            <translation>Escalation · acknowledged via</translation>
        </message>
        <message>
            <source>보고서 저장</source>
            <translation>Save report</translation>
        </message>
        <message>
            <source>내보내기</source>
            <translation>export</translation>
        </message>
        <message>
            <source>저장했습니다: %1</source>
            <translation>Saved: %1</translation>
        </message>
        <message>
            <source>인쇄</source>
            <translation>print</translation>
        </message>
    </context>
    <context>
        <name>ResolveDialog</name>
        <message>
            <source>플래그 처리 — %1 %2</source>
            <translation>Resolve flag — %1 %2</translation>
        </message>
        <message>
            <source>어떻게 처리했습니까?</source>
            <translation>How was it resolved?</translation>
        </message>
        <message>
            <source>메모 (선택)</source>
            <translation>Note (optional)</translation>
        </message>
        <message>
            <source>예: 딸과 통화, 내일 방문 예정</source>
            <translation>e.g. spoke with her daughter, visiting tomorrow</translation>
        </message>
        <message>
            <source>처리 완료</source>
            <translation>Mark resolved</translation>
        </message>
        <message>
            <source>처리 결과를 고르세요.</source>
            <translation>Choose how it was resolved.</translation>
        </message>
        <message>
            <source>메모가 너무 깁니다.</source>
            <translation>The note is too long.</translation>
        </message>
    </context>
    <context>
        <name>ReviewTableModel</name>
        <message>
            <source>긴급도</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>분류</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>가구</source>
            <translation>Household</translation>
        </message>
        <message>
            <source>출처</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>상태</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>담당</source>
            <translation>Assignee</translation>
        </message>
        <message>
            <source>경과</source>
            <translation>Age</translation>
        </message>
        <message>
            <source>방금</source>
            <translation>just now</translation>
        </message>
        <message>
            <source>%1분 전</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1시간 전</source>
            <translation>%1 h</translation>
        </message>
        <message>
            <source>%1일 전</source>
            <translation>%1 d</translation>
        </message>
        <message>
            <source>(데모)</source>
            <translation>(demo)</translation>
        </message>
    </context>
    <context>
        <name>ReviewWidget</name>
        <message>
            <source>검토 대기열</source>
            <translation>Review queue</translation>
        </message>
        <message>
            <source>진행 중 (신규+확인됨)</source>
            <translation>Open (new + seen)</translation>
        </message>
        <message>
            <source>전체</source>
            <translation>All</translation>
        </message>
        <message>
            <source>이름·가구번호·동·사유 검색</source>
            <translation>Search name, household no., dong or reason</translation>
        </message>
        <message>
            <source>내 담당만</source>
            <translation>Assigned to me</translation>
        </message>
        <message>
            <source>새로고침</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>확인</source>
            <translation>Mark seen</translation>
        </message>
        <message>
            <source>배정</source>
            <translation>Assign</translation>
        </message>
        <message>
            <source>처리</source>
            <translation>Resolve</translation>
        </message>
        <message>
            <source>이 플래그를 보고 있다고 표시합니다</source>
            <translation>Mark that you are looking into this flag</translation>
        </message>
        <message>
            <source>담당자를 정합니다</source>
            <translation>Choose who handles it</translation>
        </message>
        <message>
            <source>처리 결과(방문·전화·119·오경보)를 기록합니다</source>
            <translation>Record the outcome (visit, phone, 119, false alarm)</translation>
        </message>
        <message numerus="yes">
            <source>%n건</source>
            <translation>
                <numerusform>%n flag</numerusform>
                <numerusform>%n flags</numerusform>
            </translation>
        </message>
        <message>
            <source>데이터베이스를 읽을 수 없습니다: %1</source>
            <translation>Cannot read the database: %1</translation>
        </message>
        <message>
            <source>불러오지 못했습니다: %1</source>
            <translation>Could not load: %1</translation>
        </message>
        <message>
            <source>담당자 배정</source>
            <translation>Assign flag</translation>
        </message>
        <message>
            <source>%1 %2 — 담당자 이름</source>
            <translation>%1 %2 — assignee's name</translation>
        </message>
        <message>
            <source>처리함</source>
            <translation>resolved</translation>
        </message>
        <message>
            <source>확인함</source>
            <translation>marked seen</translation>
        </message>
        <message>
            <source>변경함</source>
            <translation>updated</translation>
        </message>
        <message>
            <source>%1에게 배정함</source>
            <translation>assigned to %1</translation>
        </message>
        <message>
            <source>검토</source>
            <translation>Review</translation>
        </message>
    </context>
    <context>
        <name>RosterGapLabel</name>
        <message>
            <source>당직표가 비어 있습니다: 밤과 휴일의 긴급 알림을 받을 사람이 없습니다 (일정 화면 또는 duty set)</source>
            <translation>The duty roster is empty: nobody receives urgent alerts at night or on holidays (Schedule page or duty set)</translation>
        </message>
        <message numerus="yes">
            <source>당직 공백 %n곳: 이 시간에는 긴급 알림을 받을 사람이 없습니다</source>
            <translation>
                <numerusform>%n duty gap: nobody receives urgent alerts then</numerusform>
                <numerusform>%n duty gaps: nobody receives urgent alerts then</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RunnerServiceDialog</name>
        <message>
            <source>러너를 서비스로 실행</source>
            <translation>Run the call runner as a service</translation>
        </message>
        <message>
            <source>러너는 콘솔과 따로 돌아가는 프로그램입니다. 콘솔을 닫거나 PC를 다시 켜도 저녁 안부전화가 걸리도록 운영체제의 서비스로 등록하세요. 러너는 한 데이터베이스에 하나만 돌고, 두 번째 PC의 러너는 대기하다가 첫 번째가 멈추면 이어받습니다.</source>
            <translation>The call runner is a program of its own, apart from the console. Register it as an operating-system service so the evening's check-in calls go out even when the console is closed or the PC restarts. One runner works per database; a runner on a second PC stands by and takes over when the first stops.</translation>
        </message>
        <message>
            <source>Windows 작업 스케줄러</source>
            <translation>Windows Task Scheduler</translation>
        </message>
        <message>
            <source>Linux systemd (사용자 서비스)</source>
            <translation>Linux systemd (user service)</translation>
        </message>
        <message>
            <source>복사</source>
            <translation>Copy</translation>
        </message>
        <message>
            <source>1) 아래 내용을 anbu-runner.xml 파일로 저장하거나, 명령 프롬프트에서 python main.py runner --print-service windows &gt; anbu-runner.xml 을 실행합니다. 2) schtasks /Create /TN "Anbu runner" /XML anbu-runner.xml 로 등록합니다. 3) schtasks /Run /TN "Anbu runner" 로 바로 시작합니다. PC가 켜지면 자동으로 시작됩니다.</source>
            <translation>1) Save the text below as anbu-runner.xml, or run python main.py runner --print-service windows &gt; anbu-runner.xml in a command prompt. 2) Register it with schtasks /Create /TN "Anbu runner" /XML anbu-runner.xml. 3) Start it now with schtasks /Run /TN "Anbu runner". It then starts whenever the PC starts.</translation>
        </message>
        <message>
            <source>1) python main.py runner --print-service systemd &gt; ~/.config/systemd/user/anbu-runner.service 2) systemctl --user daemon-reload &amp;&amp; systemctl --user enable --now anbu-runner 3) 로그인하지 않아도 돌도록 loginctl enable-linger 를 한 번 실행합니다. 상태: systemctl --user status anbu-runner</source>
            <translation>1) python main.py runner --print-service systemd &gt; ~/.config/systemd/user/anbu-runner.service 2) systemctl --user daemon-reload &amp;&amp; systemctl --user enable --now anbu-runner 3) Run loginctl enable-linger once so it runs with nobody logged in. Status: systemctl --user status anbu-runner</translation>
        </message>
    </context>
    <context>
        <name>RunnerStatusLabel</name>
        <message>
            <source>러너 상태를 확인하는 중…</source>
            <translation>Checking the call runner…</translation>
        </message>
        <message>
            <source>데이터베이스를 읽을 수 없습니다: {0}</source>
            <translation>Cannot read the database: {0}</translation>
        </message>
        <message>
            <source>러너 실행 중 · 마지막 신호 {0}초 전</source>
            <translation>Call runner running · last heartbeat {0} s ago</translation>
        </message>
        <message>
            <source>러너가 비정상 종료되었습니다 — 오늘 밤 통화가 걸리지 않습니다</source>
            <translation>The call runner stopped unexpectedly — no calls will go out tonight</translation>
        </message>
        <message>
            <source>러너 응답 없음 · 마지막 신호 {0} 전 — 통화가 걸리지 않을 수 있습니다</source>
            <translation>Call runner not responding · last heartbeat {0} ago — calls may not go out</translation>
        </message>
        <message>
            <source>러너가 실행되고 있지 않습니다 (마지막 신호 {0} 전) — 오늘 밤 통화가 걸리지 않습니다</source>
            <translation>The call runner is not running (last heartbeat {0} ago) — no calls will go out tonight</translation>
        </message>
        <message>
            <source>러너가 실행되고 있지 않습니다 — 오늘 밤 통화가 걸리지 않습니다</source>
            <translation>The call runner is not running — no calls will go out tonight</translation>
        </message>
        <message>
            <source> · 전체 일시중지됨</source>
            <translation> · all paused</translation>
        </message>
        <message>
            <source>Twilio가 계정 인증 정보(계정 SID 또는 인증 토큰)를 거부했습니다</source>
            <translation>Twilio rejected the account credentials (account SID or auth token)</translation>
        </message>
        <message>
            <source>Twilio가 설정된 발신 번호로 전화를 걸 수 없습니다</source>
            <translation>Twilio cannot call from the configured from-number</translation>
        </message>
        <message>
            <source>Twilio 계정의 음성 지역 권한이 이 나라로 거는 통화를 허용하지 않습니다</source>
            <translation>the Twilio account's voice geo permissions do not allow calls to this country</translation>
        </message>
        <message>
            <source>전화 회선 설정에 문제가 있습니다</source>
            <translation>the phone line settings are wrong</translation>
        </message>
        <message>
            <source>저녁 안부전화가 멈췄습니다 ({0}부터): {1}. 설정 페이지에서 전화 회선을 고치면 남은 통화가 다시 걸립니다.</source>
            <translation>The evening's check-in calls have stopped (since {0}): {1}. Fix the phone line on the Settings page and the remaining calls will be placed.</translation>
        </message>
        <message>
            <source>{0}초</source>
            <translation>{0} s</translation>
        </message>
        <message>
            <source>{0}분</source>
            <translation>{0} min</translation>
        </message>
        <message>
            <source>{0}시간</source>
            <translation>{0} h</translation>
        </message>
        <message>
            <source>{0}일</source>
            <translation>{0} d</translation>
        </message>
    </context>
    <context>
        <name>ScheduleWidget</name>
        <message>
            <source>서비스로 실행…</source>
            <translation>Run as a service…</translation>
        </message>
        <message>
            <source>콘솔을 닫거나 PC를 다시 켜도 러너가 계속 돌도록 설치하는 방법</source>
            <translation>How to install the runner so it keeps running when the console is closed or the PC restarts</translation>
        </message>
        <message>
            <source>지금 전화</source>
            <translation>Call now</translation>
        </message>
        <message>
            <source>계획 편집</source>
            <translation>Edit plan</translation>
        </message>
        <message>
            <source>전체 일시중지</source>
            <translation>Pause all</translation>
        </message>
        <message>
            <source>가구</source>
            <translation>Household</translation>
        </message>
        <message>
            <source>이름</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>통화 시간대</source>
            <translation>Call window</translation>
        </message>
        <message>
            <source>상태</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>시도</source>
            <translation>Try</translation>
        </message>
        <message>
            <source>현재 단계</source>
            <translation>Step</translation>
        </message>
        <message>
            <source>결과</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>다음 시도</source>
            <translation>Next try</translation>
        </message>
        <message>
            <source>당직표 편집…</source>
            <translation>Edit duty roster…</translation>
        </message>
        <message>
            <source>데이터베이스를 읽을 수 없습니다: {0}</source>
            <translation>Cannot read the database: {0}</translation>
        </message>
        <message>
            <source>{0}건</source>
            <translation>{0} calls</translation>
        </message>
        <message>
            <source>전체 재개</source>
            <translation>Resume all</translation>
        </message>
        <message>
            <source>모든 가구의 안부전화를 멈출까요? 지금 걸려 있는 통화는 끝까지 진행되고, 다시 재개할 때까지 새 전화는 걸리지 않습니다.</source>
            <translation>Pause check-in calls for every household? Calls on the line now finish; no new call goes out until you resume.</translation>
        </message>
        <message>
            <source>일시중지</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>안부전화 일정</source>
            <translation>Check-in call schedule</translation>
        </message>
    </context>
    <context>
        <name>ScopeSelector</name>
        <message>
            <source>보기 범위: 모든 화면과 건수가 이 범위를 따릅니다</source>
            <translation>View scope: every page and count follows it</translation>
        </message>
        <message>
            <source>내 담당 가구</source>
            <translation>My households</translation>
        </message>
        <message>
            <source>구 전체</source>
            <translation>Whole district</translation>
        </message>
        <message>
            <source>사회복지 담당자는 담당 가구만 볼 수 있습니다</source>
            <translation>Social workers see only their own households</translation>
        </message>
    </context>
    <context>
        <name>SettingsWidget</name>
        <message>
            <source>스크립트 기본 음성 (Polly.Seoyeon)</source>
            <translation>Script's default voice (Polly.Seoyeon)</translation>
        </message>
        <message>
            <source>영어 스크립트 기본 음성</source>
            <translation>English script's default voice</translation>
        </message>
        <message>
            <source>예: 02-2600-1234 (미설정 시 번호 없이 안내)</source>
            <translation>e.g. 02-2600-1234 (if empty, no number is read out)</translation>
        </message>
        <message>
            <source>PC로 내려받은 뒤 Twilio의 녹음 삭제</source>
            <translation>Delete Twilio's copy once it is on this PC</translation>
        </message>
        <message>
            <source> 통화/초</source>
            <translation> calls/s</translation>
        </message>
        <message>
            <source>저장</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>연결 테스트</source>
            <translation>Test connection</translation>
        </message>
        <message>
            <source>회선</source>
            <translation>Line</translation>
        </message>
        <message>
            <source>계정 SID</source>
            <translation>Account SID</translation>
        </message>
        <message>
            <source>인증 토큰</source>
            <translation>Auth token</translation>
        </message>
        <message>
            <source>발신 번호</source>
            <translation>Caller number</translation>
        </message>
        <message>
            <source>한국어 음성</source>
            <translation>Korean voice</translation>
        </message>
        <message>
            <source>영어 음성</source>
            <translation>English voice</translation>
        </message>
        <message>
            <source>동 주민센터 회신 번호</source>
            <translation>Community center call-back number</translation>
        </message>
        <message>
            <source>원격 녹음</source>
            <translation>Remote recordings</translation>
        </message>
        <message>
            <source>초당 통화 수</source>
            <translation>Calls per second</translation>
        </message>
        <message>
            <source>전화 회선 (Twilio)</source>
            <translation>Phone line (Twilio)</translation>
        </message>
        <message>
            <source>OS 키링에 저장됨 — 바꾸려면 새 토큰을 입력하세요</source>
            <translation>Stored in the OS keyring — type a new token to change it</translation>
        </message>
        <message>
            <source>입력하면 OS 키링에만 저장됩니다 (DB·파일에는 저장하지 않음)</source>
            <translation>Kept only in the OS keyring (never in the database or files)</translation>
        </message>
        <message>
            <source>키링: %1</source>
            <translation>Keyring: %1</translation>
        </message>
        <message>
            <source>사용할 수 있는 OS 키링이 없습니다. 인증 토큰은 환경 변수 TWILIO_AUTH_TOKEN으로 설정하세요.</source>
            <translation>No usable OS keyring. Set the auth token in the TWILIO_AUTH_TOKEN environment variable.</translation>
        </message>
        <message>
            <source>&lt;b&gt;시뮬레이션 회선&lt;/b&gt; — Twilio가 설정되지 않아 실제 전화를 걸지 않습니다.</source>
            <translation>&lt;b&gt;Simulated line&lt;/b&gt; — Twilio is not set up, so no real calls are placed.</translation>
        </message>
        <message>
            <source>&lt;b style='color:#b00'&gt;Twilio 설정 미완료&lt;/b&gt; — 계정 SID, 발신 번호, 인증 토큰이 모두 필요합니다.</source>
            <translation>&lt;b style='color:#b00'&gt;Twilio setup incomplete&lt;/b&gt; — the account SID, caller number and auth token are all needed.</translation>
        </message>
        <message>
            <source>환경 변수</source>
            <translation>Environment variable</translation>
        </message>
        <message>
            <source>OS 키링</source>
            <translation>OS keyring</translation>
        </message>
        <message>
            <source>&lt;b&gt;Twilio&lt;/b&gt; — 토큰: %1</source>
            <translation>&lt;b&gt;Twilio&lt;/b&gt; — token: %1</translation>
        </message>
        <message>
            <source>환경 변수가 설정을 덮어씁니다: %1</source>
            <translation>Environment variables override these settings: %1</translation>
        </message>
        <message>
            <source>저장 중…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>저장했습니다.</source>
            <translation>Saved.</translation>
        </message>
        <message>
            <source>Twilio에 연결하는 중…</source>
            <translation>Connecting to Twilio…</translation>
        </message>
        <message>
            <source>연결 성공: %1</source>
            <translation>Connected: %1</translation>
        </message>
        <message>
            <source>연결 실패: %1</source>
            <translation>Connection failed: %1</translation>
        </message>
        <message>
            <source>오류: %1</source>
            <translation>Error: %1</translation>
        </message>
        <message>
            <source>계정 SID '%1'의 형식이 올바르지 않습니다. AC 뒤에 16진수 32자가 와야 합니다.</source>
            <translation>The account SID '%1' is not valid: it is AC followed by 32 hexadecimal characters.</translation>
        </message>
        <message>
            <source>발신 번호 '%1'은(는) 올바른 전화번호가 아닙니다.</source>
            <translation>The caller number '%1' is not a valid phone number.</translation>
        </message>
        <message>
            <source>동 주민센터 회신 번호 '%1'은(는) 올바른 전화번호가 아닙니다.</source>
            <translation>The community center call-back number '%1' is not a valid phone number.</translation>
        </message>
        <message>
            <source>초당 통화 수는 0.1에서 100 사이여야 합니다.</source>
            <translation>Calls per second must be between 0.1 and 100.</translation>
        </message>
        <message>
            <source>음성 '%1'은(는) 다른 언어의 음성입니다. 스크립트 언어에 맞는 음성을 고르세요.</source>
            <translation>The voice '%1' speaks another language. Choose a voice for the script's language.</translation>
        </message>
        <message>
            <source>인증 토큰을 저장하려면 먼저 올바른 계정 SID를 입력하세요.</source>
            <translation>Enter a valid account SID before saving the auth token.</translation>
        </message>
        <message>
            <source>인증 토큰이 비어 있습니다.</source>
            <translation>The auth token is empty.</translation>
        </message>
        <message>
            <source>사용할 수 있는 OS 키링이 없어 인증 토큰을 저장하지 못했습니다. 대신 환경 변수 TWILIO_AUTH_TOKEN을 설정하세요.</source>
            <translation>There is no usable OS keyring, so the auth token was not stored. Set the TWILIO_AUTH_TOKEN environment variable instead.</translation>
        </message>
        <message>
            <source>OS 키링이 인증 토큰 저장을 거부했습니다 (%1). 대신 환경 변수 TWILIO_AUTH_TOKEN을 설정하세요.</source>
            <translation>The OS keyring refused to store the auth token (%1). Set the TWILIO_AUTH_TOKEN environment variable instead.</translation>
        </message>
        <message>
            <source>인증 토큰이 없습니다. 토큰을 입력하거나 OS 키링에 저장하거나 TWILIO_AUTH_TOKEN을 설정하세요.</source>
            <translation>There is no auth token. Type it in, store it in the OS keyring, or set TWILIO_AUTH_TOKEN.</translation>
        </message>
        <message>
            <source>Twilio가 계정 %1의 인증 정보를 거부했습니다. 계정 SID와 인증 토큰을 확인하세요.</source>
            <translation>Twilio rejected the credentials of account %1. Check the account SID and the auth token.</translation>
        </message>
        <message>
            <source>Twilio가 발신 번호 %1(으)로 걸 수 없습니다. 계정이 소유하거나 인증한 번호를 설정하세요.</source>
            <translation>Twilio will not call from %1. Set a caller number the account owns or has verified.</translation>
        </message>
        <message>
            <source>Twilio 계정의 음성 지역 권한이 %1 통화를 허용하지 않습니다. Twilio 콘솔의 Voice &gt; Settings &gt; Geo permissions에서 허용하세요.</source>
            <translation>The Twilio account's voice geo permissions do not allow calls to %1. Allow them under Voice &gt; Settings &gt; Geo permissions in the Twilio Console.</translation>
        </message>
        <message>
            <source>Twilio 설정이 완료되지 않았습니다. 계정 SID, 발신 번호, 인증 토큰이 모두 필요합니다.</source>
            <translation>Twilio is not fully set up: the account SID, caller number and auth token are all needed.</translation>
        </message>
        <message>
            <source>Twilio에 연결할 수 없습니다. 인터넷 연결과 Twilio 상태를 확인하고 잠시 후 다시 시도하세요.</source>
            <translation>Cannot reach Twilio. Check the internet connection and Twilio's status, then try again shortly.</translation>
        </message>
        <message>
            <source>전화 회선 오류: %1</source>
            <translation>Phone line error: %1</translation>
        </message>
    </context>
    <context>
        <name>StoragePlanWidget</name>
        <message>
            <source>센서 데이터 보관 계획</source>
            <translation>Sensor data storage plan</translation>
        </message>
        <message>
            <source>보관 기간은 device-rules 명령으로 바꿉니다 (예: --set raw_days=60). 원시 값은 시간별로, 오래된 시간별 값은 일별로 합쳐 보관합니다.</source>
            <translation>Change the periods with the device-rules command (e.g. --set raw_days=60). Raw values are folded into hours, and old hours into days.</translation>
        </message>
        <message>
            <source>보관 기간</source>
            <translation>Kept for</translation>
        </message>
        <message>
            <source>가구당 1년</source>
            <translation>Per household-year</translation>
        </message>
        <message>
            <source>예상 용량</source>
            <translation>Expected size</translation>
        </message>
        <message>
            <source>계산 중…</source>
            <translation>Calculating…</translation>
        </message>
        <message>
            <source>원시 %1일 · 시간별 %2일 · 일별 %3일</source>
            <translation>raw %1 days · hourly %2 days · daily %3 days</translation>
        </message>
        <message>
            <source>원시 %1, 시간별 %2, 일별 %3</source>
            <translation>raw %1, hourly %2, daily %3</translation>
        </message>
        <message>
            <source>가구당 %1, 기기가 있는 %2가구 합계 약 %3</source>
            <translation>%1 per household; about %3 for the %2 households with devices</translation>
        </message>
        <message>
            <source>보관 계획을 읽지 못했습니다: %1</source>
            <translation>Could not read the storage plan: %1</translation>
        </message>
    </context>
    <context>
        <name>TimelineModel</name>
        <message>
            <source>시각</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>종류</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>내용</source>
            <translation>What happened</translation>
        </message>
    </context>
    <context>
        <name>TimelineWidget</name>
        <message>
            <source>전체</source>
            <translation>All</translation>
        </message>
        <message>
            <source>종류</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source> (더 있음 — 아래로 스크롤)</source>
            <translation> (more — scroll down)</translation>
        </message>
        <message numerus="yes">
            <source>%n건</source>
            <translation>
                <numerusform>%n entry</numerusform>
                <numerusform>%n entries</numerusform>
            </translation>
        </message>
        <message>
            <source>항목을 고르면 자세한 내용이 여기에 나옵니다.</source>
            <translation>Pick an entry to see its details here.</translation>
        </message>
    </context>
    <context>
        <name>TranscribeRunner</name>
        <message numerus="yes">
            <source>녹음 %n개를 전사하는 중… (음성은 이 PC를 떠나지 않습니다)</source>
            <translation>
                <numerusform>Transcribing %n recording… (audio never leaves this PC)</numerusform>
                <numerusform>Transcribing %n recordings… (audio never leaves this PC)</numerusform>
            </translation>
        </message>
        <message>
            <source>취소</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>음성 인식 모델을 불러오는 중… (1분 가까이 걸릴 수 있습니다)</source>
            <translation>Loading the speech model… (this can take up to a minute)</translation>
        </message>
        <message>
            <source>녹음 전사</source>
            <translation>Transcription</translation>
        </message>
    </context>
    <context>
        <name>TranscriptsDialog</name>
        <message>
            <source>전사 결과</source>
            <translation>Transcripts</translation>
        </message>
        <message>
            <source>읽을 수 없음: %1</source>
            <translation>Cannot read: %1</translation>
        </message>
        <message>
            <source>%1초</source>
            <translation>%1 s</translation>
        </message>
        <message numerus="yes">
            <source>— 직접 들어볼 답변 %n개</source>
            <translation>
                <numerusform>— %n answer to listen to</numerusform>
                <numerusform>— %n answers to listen to</numerusform>
            </translation>
        </message>
        <message>
            <source>(무응답)</source>
            <translation>(no answer)</translation>
        </message>
        <message>
            <source>WAV 녹음 파일이 아니거나, 손상되었거나, 열 수 없는 파일입니다.</source>
            <translation>Not a WAV recording, damaged, or cannot be opened.</translation>
        </message>
        <message>
            <source>음성 인식 모델로 전사하지 못했습니다. 설정의 음성 인식 모델을 확인하세요.</source>
            <translation>The speech model could not transcribe it. Check the speech model in Settings.</translation>
        </message>
    </context>
</TS>
